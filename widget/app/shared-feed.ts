import type { LoggedEvent } from '../../protocol/events.js';
import { bareData } from '../no-prototype.js';
import type { StreamStatus } from './event-stream.js';

export interface FeedHandlers {
  /** `own`: this tab's stream delivered it (true in exactly one tab of the browser). */
  onEvent: (event: LoggedEvent, own: boolean) => void;
  onReset: () => void;
  onStatus: (status: StreamStatus) => void;
}

/** What the stream itself reports, in the tab that holds it. */
export type StreamCallbacks = Omit<FeedHandlers, 'onEvent'> & {
  onEvent: (event: LoggedEvent) => void;
};

type Note = { event?: LoggedEvent; status?: StreamStatus; reset?: true; hello?: true };

/**
 * One event stream per browser per conversation. The tabs of this browser agree
 * through a Web Lock: the tab holding it opens the stream and passes every event
 * to the others on a BroadcastChannel; when it closes, the lock passes to another
 * tab, which opens the stream from its own last event id. Without those APIs
 * (an insecure page, an old browser) each tab keeps its own stream.
 */
export function followShared(
  conversationId: string,
  handlers: FeedHandlers,
  /** Settles when this tab has read the history: only then may it open the stream. */
  ready: Promise<unknown>,
  openStream: (handlers: StreamCallbacks) => { stop: () => void },
): { stop: () => void } {
  const name = `parley:${conversationId}`;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
  let stream: { stop: () => void } | undefined;
  let status: StreamStatus | undefined;
  let release: (() => void) | undefined;
  let stopped = false;

  const tell = (note: Note) => channel?.postMessage(note);
  if (channel) {
    channel.onmessage = (message: MessageEvent<Note>) => {
      // A structured clone has Object.prototype again: copied without (no-prototype.ts).
      const data = bareData(message.data);
      if (stream) {
        if (data.hello && status) tell({ status });
        return;
      }
      if (data.event) handlers.onEvent(data.event, false);
      if (data.status) handlers.onStatus(data.status);
      if (data.reset) handlers.onReset();
    };
  }

  const lead = () => {
    if (stopped) return;
    stream = openStream({
      onEvent: (event) => {
        handlers.onEvent(event, true);
        tell({ event });
      },
      onReset: () => {
        handlers.onReset();
        tell({ reset: true });
      },
      onStatus: (value) => {
        status = value;
        handlers.onStatus(value);
        tell({ status: value });
      },
    });
  };

  const locks = channel && navigator.locks;
  if (locks) {
    handlers.onStatus('connecting');
    tell({ hello: true });
    void locks.request(name, async () => {
      await ready.catch(() => {});
      if (stopped) return;
      await new Promise<void>((resolve) => {
        release = resolve;
        lead();
      });
    });
  } else void ready.finally(lead);

  return {
    stop() {
      stopped = true;
      stream?.stop();
      release?.();
      channel?.close();
    },
  };
}
