import type { WhenNoAgents } from '../hours/no-agents.js';
import type { QueueStats } from '../upstream/queue-statistics.js';
import type { QueueWaits } from './queue-waits.js';

/** Whether agents are there, across the queues chats go to; absent when 8x8 did not say. */
export interface AgentPresence {
  /** Someone is logged in (8x8's `enabled.rt` > 0), though maybe busy. */
  loggedIn?: boolean;
  /** Someone could take a chat now (`availableIdle.rt` > 0). */
  available?: boolean;
}

/** A queue's statistics as the proxy keeps them; undefined while unknown. */
export type QueueStatsReader = (queueId: string) => Promise<QueueStats | undefined>;

/** Past this the availability answer does not wait for 8x8: unknown, so the chat stays open. */
const DEADLINE_MS = 2000;

/**
 * Whether anybody is logged in at the queues new chats go to (CC_QUEUE_ID and
 * the departments' queues), from the same cached per-queue statistics the
 * queue waits use: one 8x8 call per queue per interval, however many ask.
 * Someone in any queue is "yes"; "nobody" needs every queue to have said 0.
 * Anything unknown (no queue configured, 8x8 not answering, slow, or an answer
 * without the figure) is no answer, never "nobody".
 */
export class AgentPresenceCheck {
  constructor(
    private readonly queueIds: readonly string[],
    private readonly read: QueueStatsReader,
    private readonly deadlineMs = DEADLINE_MS,
  ) {}

  async current(): Promise<AgentPresence> {
    if (this.queueIds.length === 0) return {};
    const stats = await Promise.all(this.queueIds.map((queueId) => this.#readSoon(queueId)));
    return presenceOf(stats);
  }

  /** The queue's statistics, or undefined if 8x8 takes longer than the deadline (or fails). */
  #readSoon(queueId: string): Promise<QueueStats | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.deadlineMs, undefined);
      timer.unref();
    });
    const read = this.read(queueId).catch(() => undefined);
    return Promise.race([read, late]).finally(() => clearTimeout(timer));
  }
}

export function presenceOf(stats: readonly (QueueStats | undefined)[]): AgentPresence {
  const loggedIn = across(stats, 'agentsLoggedIn');
  const available = across(stats, 'agentsAvailable');
  return {
    ...(loggedIn !== undefined ? { loggedIn } : {}),
    ...(available !== undefined ? { available } : {}),
  };
}

function across(
  stats: readonly (QueueStats | undefined)[],
  key: 'agentsLoggedIn' | 'agentsAvailable',
): boolean | undefined {
  const counts = stats.map((queue) => queue?.[key]);
  if (counts.some((count) => count !== undefined && count > 0)) return true;
  if (counts.length > 0 && counts.every((count) => count === 0)) return false;
  return undefined;
}

/** What the availability asks of agents, and what it does with "nobody" (WHEN_NO_AGENTS). */
export interface AgentGate {
  presence: () => Promise<AgentPresence>;
  whenNoAgents: WhenNoAgents;
}

/**
 * The availability's view of agents, from the relay's cached queue statistics;
 * undefined when the proxy cannot know (statistics off, no CC_API_SECRET, no queue).
 */
export function agentGate(
  relay: { queueWaits: QueueWaits | undefined },
  queueIds: readonly string[],
  whenNoAgents: WhenNoAgents,
): AgentGate | undefined {
  const waits = relay.queueWaits;
  if (!waits || queueIds.length === 0) return undefined;
  const check = new AgentPresenceCheck(queueIds, (queueId) => waits.statistics(queueId));
  return { presence: () => check.current(), whenNoAgents };
}
