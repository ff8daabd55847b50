import type { LoggedEvent } from '../../protocol/events.js';
import type { Bus, EventLog } from '../store/store.js';

export interface FeedSink {
  event(event: LoggedEvent): void;
  /** The client's last id is older than the kept history; what follows is all that is kept. */
  reset(): void;
  /** The log could not be read; the client should reconnect and resume. */
  fail(error: unknown): void;
  /** Resolves when the client can take more: replays wait on it, so they go at the client's pace. */
  ready?(): Promise<void>;
}

const PAGE = 500;

/**
 * Follows one conversation for one client from `afterId` on: subscribe to the
 * bus first, then read the log, then go live. The bus only says "something new";
 * the log says what. A bus event that is exactly the next id is passed straight
 * through; anything else (a gap, events during the replay, reordering between
 * instances) makes the feed read the log again from the last id it sent, and so
 * does the bus saying it may have missed something (see Bus.subscribe). So there
 * is no gap and no duplicate at the seam, whatever the timing.
 */
export function followConversation(
  log: EventLog,
  bus: Bus,
  conversationId: string,
  afterId: number,
  sink: FeedSink,
): { stop: () => void; caughtUp: Promise<void> } {
  let lastSent = afterId;
  let reading = false;
  let readAgain = false;
  let stopped = false;
  let checkGap = afterId > 0;

  const deliver = (event: LoggedEvent) => {
    if (event.id <= lastSent) return;
    lastSent = event.id;
    sink.event(event);
  };

  async function catchUp(): Promise<void> {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        for (;;) {
          const page = await log.readAfter(conversationId, lastSent, PAGE);
          if (stopped) return;
          if (checkGap && page.gap) sink.reset();
          checkGap = false;
          for (const event of page.events) {
            await sink.ready?.();
            if (stopped) return;
            deliver(event);
          }
          if (page.events.length < PAGE) break;
        }
      } while (readAgain && !stopped);
    } finally {
      reading = false;
    }
  }

  const readLog = () => catchUp().catch((error) => sink.fail(error));
  const unsubscribe = bus.subscribe(
    conversationId,
    (event) => {
      if (stopped) return;
      if (!reading && event.id === lastSent + 1) deliver(event);
      else if (event.id > lastSent) readLog();
    },
    // The bus may have dropped something (Redis pub/sub after a reconnect): the log has it.
    () => {
      if (!stopped) readLog();
    },
  );

  return {
    caughtUp: catchUp(),
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
