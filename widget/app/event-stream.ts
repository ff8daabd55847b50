import type { LoggedEvent } from '../../protocol/events.js';
import { backoffMs } from './backoff.js';
import { EVENT_TYPES, parseEvent } from './wire.js';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers {
  url: (lastEventId: number) => string;
  lastEventId: () => number;
  onEvent: (event: LoggedEvent) => void;
  onReset: () => void;
  onStatus: (status: StreamStatus) => void;
  /** Before opening a new stream after a failure: false means the conversation is gone. */
  beforeReconnect: () => Promise<boolean>;
}

/**
 * The conversation's event stream with our own reconnect loop. While the browser
 * is reconnecting by itself (a dropped 200 stream) we let it: it honours the
 * server's `retry:` and sends Last-Event-ID. But EventSource gives up for good on
 * any non-200 answer, so then we open a new one after a backoff with jitter,
 * resuming from the last id we applied.
 */
export function openEventStream(handlers: StreamHandlers): { stop: () => void } {
  let source: EventSource | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = () => {
    if (stopped) return;
    handlers.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    source = new EventSource(handlers.url(handlers.lastEventId()));
    source.onopen = () => {
      attempt = 0;
      handlers.onStatus('live');
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        // Anything but an event of a known shape is dropped, never made state.
        const event = parseEvent((message as MessageEvent<string>).data);
        if (event) handlers.onEvent(event);
      });
    }
    source.addEventListener('reset', () => handlers.onReset());
    source.onerror = () => {
      if (stopped) return;
      handlers.onStatus('reconnecting');
      if (source?.readyState !== EventSource.CLOSED) return;
      attempt++;
      const delay = backoffMs(attempt, 1000, 30_000);
      timer = setTimeout(() => {
        handlers.beforeReconnect().then(
          (alive) => alive && connect(),
          () => connect(),
        );
      }, delay);
    };
  };
  connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
