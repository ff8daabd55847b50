import type { Agent } from './agent-actions.js';
import type { SimConversation } from './conversations.js';

/** What the averages cover: 8x8's `int-15m` and `int-30m` windows. */
const WINDOWS = { 'int-15m': 15 * 60_000, 'int-30m': 30 * 60_000 } as const;

export interface Metric {
  key: string;
  value: number | null;
}

/** The queue's agents: all of them (every simulated agent serves every queue), those logged in, those in a chat. */
export interface QueueStaff {
  assigned: Agent[];
  loggedIn: Agent[];
  busy: Set<string>;
}

/**
 * The Real-time Metrics API's queue metrics, computed from the simulator's
 * state as 8x8 would count them: the chats waiting now, the longest wait now,
 * and the average wait (entry to accept) of the chats accepted in each window,
 * so they move as simulated agents take chats; the agents
 * logged in (`enabled.rt`) and available (`availableIdle.rt`: logged in, in no chat). Times are milliseconds (the
 * reference's reading of 8x8's examples).
 */
export class QueueStatistics {
  readonly #accepted: { queueId: string; at: number; waitMs: number }[] = [];

  /** An agent took a chat that had waited `waitMs` in `queueId`. */
  accepted(queueId: string, waitMs: number, at = Date.now()): void {
    this.#accepted.push({ queueId, at, waitMs });
    const oldest = at - 24 * 60 * 60_000;
    while (this.#accepted.length > 0 && this.#accepted[0]!.at < oldest) this.#accepted.shift();
  }

  metrics(
    queueId: string,
    conversations: Iterable<SimConversation>,
    staff: QueueStaff,
    enabledAgents: 'logged-in' | 'assigned',
    now = Date.now(),
  ): Metric[] {
    const waiting = [...conversations].filter(
      (conversation) => conversation.waiting && conversation.queueId === queueId,
    );
    const longest = Math.max(
      0,
      ...waiting
        .map((conversation) => now - Date.parse(conversation.queuedAt ?? ''))
        .filter(Number.isFinite),
    );
    const averages = Object.entries(WINDOWS).map(([window, ms]) => ({
      key: `interactionsAvgWaitTime.${window}`,
      value: this.#average(queueId, now - ms),
    }));
    return [
      { key: 'interactionsWaitInQueue.rt', value: waiting.length },
      { key: 'interactionsLongestWaitInQueue.rt', value: longest },
      ...averages,
      { key: 'interactionsAvgWaitTime.today', value: this.#average(queueId, startOfDay(now)) },
      {
        key: 'enabled.rt',
        value: (enabledAgents === 'assigned' ? staff.assigned : staff.loggedIn).length,
      },
      {
        key: 'availableIdle.rt',
        value: staff.loggedIn.filter((agent) => !staff.busy.has(agent.id)).length,
      },
    ];
  }

  /** null when no chat was accepted in the window, as 8x8's values may be. */
  #average(queueId: string, since: number): number | null {
    const waits = this.#accepted
      .filter((item) => item.queueId === queueId && item.at >= since)
      .map((item) => item.waitMs);
    return waits.length > 0 ? waits.reduce((sum, wait) => sum + wait, 0) / waits.length : null;
  }
}

function startOfDay(now: number): number {
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  return day.getTime();
}
