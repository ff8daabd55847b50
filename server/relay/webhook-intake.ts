import type { FastifyBaseLogger } from 'fastify';
import { type Static, Type } from 'typebox';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import { parseStored } from '../stored-json.js';
import {
  INITIAL_LEGACY_STATE,
  isLegacyEvent,
  LegacyState,
  mapLegacyEvent,
} from '../upstream/chat-api-events.js';
import { mapGatewayEvent, type WebhookContext } from '../upstream/chat-gateway-events.js';
import type { ContactCenter, UpstreamEvents } from '../upstream/contact-center.js';
import type { JsonRecord } from '../upstream/json-read.js';
import type { OnTruncated } from '../upstream/text-limits.js';
import type { ReceiveResult } from './relay.js';

/** `unknown-event`: a body that is no 8x8 event this proxy knows, acknowledged all the same. */
export type IntakeResult = ReceiveResult | 'unknown-event';

/** Stores mapped 8x8 events (the relay). */
export interface UpstreamEventSink {
  receive(upstream: UpstreamEvents, eventId: string): Promise<ReceiveResult>;
}

/** The legacy mapping's state, saved with the event that changed it and the state before. */
const SavedLegacyState = Type.Object({
  eventId: Type.String(),
  before: LegacyState,
  after: LegacyState,
});
type SavedLegacyState = Static<typeof SavedLegacyState>;

/** How long the legacy mapping remembers a conversation's state. */
const LEGACY_STATE_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * What a verified 8x8 webhook says, for both API versions (a legacy v2.0 body
 * carries `messageType`, a Chat Gateway body does not): mapped to Parley events
 * and stored once per 8x8 event id. The legacy API also needs a little state per
 * conversation and a "customer leaves" call after the agent ended a chat.
 */
export class WebhookIntake {
  readonly #sink: UpstreamEventSink;
  readonly #values: ExpiringValues;
  readonly #contactCenter: ContactCenter;
  readonly #log: FastifyBaseLogger;

  constructor(parts: {
    sink: UpstreamEventSink;
    /** Where the legacy events' per-conversation state is kept (shared by every instance). */
    values: ExpiringValues;
    /** For the legacy API's "customer leaves" after the agent ended a chat. */
    contactCenter: ContactCenter;
    log: FastifyBaseLogger;
  }) {
    this.#sink = parts.sink;
    this.#values = parts.values;
    this.#contactCenter = parts.contactCenter;
    this.#log = parts.log;
  }

  /** `body` is the webhook's parsed JSON, its signature already verified. */
  /** `onTruncated` hears of a text 8x8 sent longer than the proxy passes on. */
  async receive(body: unknown, eventId: string, onTruncated?: OnTruncated): Promise<IntakeResult> {
    const context = { eventId, ...(onTruncated ? { onTruncated } : {}) };
    if (isLegacyEvent(body)) return this.#receiveLegacy(body, context);
    const mapped = mapGatewayEvent(body, context);
    if (!mapped) return 'unknown-event';
    return this.#sink.receive(mapped, eventId);
  }

  /**
   * A legacy event, mapped with its conversation's state. The state is saved
   * with the event that changed it and the state before, so a retry of that same
   * event (8x8 resends until it gets a 2xx) is mapped exactly as the first time.
   */
  async #receiveLegacy(body: JsonRecord, context: WebhookContext): Promise<IntakeResult> {
    const { eventId } = context;
    const upstreamId = typeof body.conversationId === 'string' ? body.conversationId : '';
    const key = valueKey.legacyState(upstreamId);
    const saved = parseSaved(await this.#values.get(key));
    const before =
      saved?.eventId === eventId ? saved.before : (saved?.after ?? INITIAL_LEGACY_STATE);
    const mapping = mapLegacyEvent(body, context, before);
    if (!mapping) return 'unknown-event';
    const result = await this.#sink.receive(mapping.mapped, eventId);
    if (result === 'unknown-conversation') return result;
    const state: SavedLegacyState = { eventId, before, after: mapping.state };
    await this.#values.set(key, JSON.stringify(state), LEGACY_STATE_TTL_SECONDS);
    if (mapping.customerLeaves) {
      // The agent ended the chat and stays held until the customer leaves (legacy workflow).
      await this.#contactCenter.leave(upstreamId).catch((error: unknown) => {
        this.#log.warn(
          { err: error, eventId },
          'could not tell 8x8 the customer left; the agent stays held',
        );
      });
    }
    return result;
  }
}

function parseSaved(value: string | undefined): SavedLegacyState | undefined {
  if (!value) return undefined;
  try {
    return parseStored(SavedLegacyState, value, 'a legacy conversation state');
  } catch {
    // Unreadable: map as from the start (the worst case is one notice shown again).
    return undefined;
  }
}
