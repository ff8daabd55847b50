import type { LoggedEvent, ParleyEvent } from '../../protocol/events.js';
import type { Metrics } from '../observability/metrics.js';
import { appendKey } from '../store/keys.js';
import type { OutboxMessage, Store } from '../store/store.js';

/**
 * Writes what happened in a conversation: to the event log first, then on the
 * bus, then counted. The log is the truth, so a stream that missed the bus
 * always catches up from it. The relay, the outbox worker and the webhook intake
 * all record through this one object.
 */
export class EventRecorder {
  readonly #store: Pick<Store, 'events' | 'bus'>;
  readonly #metrics: Metrics;

  constructor(store: Pick<Store, 'events' | 'bus'>, metrics: Metrics) {
    this.#store = store;
    this.#metrics = metrics;
  }

  /** Events the proxy itself made; with a `key`, an append already made adds nothing. */
  record(conversationId: string, events: ParleyEvent[], key?: string): Promise<LoggedEvent[]> {
    return this.#record(conversationId, events, key, 'proxy');
  }

  /** What a verified 8x8 webhook says, once per 8x8 event id. */
  recordUpstream(
    conversationId: string,
    events: ParleyEvent[],
    eventId: string,
  ): Promise<LoggedEvent[]> {
    return this.#record(conversationId, events, appendKey.upstreamEvent(eventId), '8x8');
  }

  /** A message-status event, once per client message id and status. */
  status(
    conversationId: string,
    clientMessageId: string,
    status: OutboxMessage['status'],
    reason?: string,
  ): Promise<LoggedEvent[]> {
    return this.record(
      conversationId,
      [{ type: 'message-status', clientMessageId, status, ...(reason ? { reason } : {}) }],
      appendKey.messageStatus(clientMessageId, status),
    );
  }

  async #record(
    conversationId: string,
    events: ParleyEvent[],
    key: string | undefined,
    source: 'proxy' | '8x8',
  ): Promise<LoggedEvent[]> {
    const appended = await this.#store.events.append(conversationId, events, key);
    for (const event of appended.events) this.#store.bus.publish(conversationId, event);
    if (appended.events.length > 0) {
      this.#metrics.eventsStored.inc({ source }, appended.events.length);
    }
    return appended.events;
  }
}
