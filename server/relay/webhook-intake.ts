import type { FastifyBaseLogger } from 'fastify';
import type { ParleyEvent } from '../../protocol/events.js';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import {
  INITIAL_LEGACY_STATE,
  isLegacyEvent,
  LegacyState,
  mapLegacyEvent,
} from '../upstream/chat-api-events.js';
import {
  GatewayState,
  INITIAL_GATEWAY_STATE,
  mapGatewayEvent,
  needsGatewayState,
  type PostedContent,
  type WebhookContext,
} from '../upstream/chat-gateway-events.js';
import type { ContactCenter, UpstreamEvents } from '../upstream/contact-center.js';
import { isRecord, type JsonRecord, text } from '../upstream/json-read.js';
import type { OnTruncated } from '../upstream/text-limits.js';
import { EarlyEvents } from './early-events.js';
import { MappingState } from './mapping-state.js';
import type { OwnSends } from './own-sends.js';
import type { ReceiveResult } from './relay.js';

/**
 * `unknown-event`: a body that is no 8x8 event this proxy knows, acknowledged all the same.
 * `unknown-conversation`: a conversation this proxy does not know (yet); the event is kept
 * for a while (early-events.ts), in case the create that made it has not returned yet.
 */
export type IntakeResult = ReceiveResult | 'unknown-event';

/** Stores mapped 8x8 events (the relay). */
export interface UpstreamEventSink {
  receive(upstream: UpstreamEvents, eventId: string): Promise<ReceiveResult>;
}

/** One webhook mapped: its events, and what to do once they are stored. */
interface Mapped {
  upstream: UpstreamEvents;
  /** Saves the conversation's mapping state after this event. */
  save?: (result: ReceiveResult) => Promise<void>;
  /** The message to drop if the proxy posted this content itself. */
  ownEcho?: PostedContent;
  /** Legacy: call "customer leaves" once stored. */
  customerLeaves?: boolean;
}

/**
 * What a verified 8x8 webhook says, for both API versions (a legacy v2.0 body
 * carries `messageType`, a Chat Gateway body does not): mapped to Parley events
 * and stored once per 8x8 event id. Both mappings keep a little state per
 * conversation (mapping-state.ts); the legacy API also needs a "customer leaves"
 * call after the agent ended a chat. An echo of the visitor's message is told
 * apart with what the proxy remembers of its posts (own-sends.ts); a webhook
 * for a conversation not known yet is kept until its create returns
 * (early-events.ts).
 */
export class WebhookIntake {
  readonly #sink: UpstreamEventSink;
  readonly #contactCenter: ContactCenter;
  readonly #log: FastifyBaseLogger;
  readonly #ownSends: OwnSends;
  readonly #early: EarlyEvents;
  readonly #legacy: MappingState<typeof LegacyState>;
  readonly #gateway: MappingState<typeof GatewayState>;

  constructor(parts: {
    sink: UpstreamEventSink;
    /** Where the per-conversation state is kept (shared by every instance). */
    values: ExpiringValues;
    /** For the legacy API's "customer leaves" after the agent ended a chat. */
    contactCenter: ContactCenter;
    ownSends: OwnSends;
    log: FastifyBaseLogger;
  }) {
    const { values } = parts;
    this.#sink = parts.sink;
    this.#contactCenter = parts.contactCenter;
    this.#log = parts.log;
    this.#ownSends = parts.ownSends;
    this.#early = new EarlyEvents(values);
    this.#legacy = new MappingState({
      values,
      key: valueKey.legacyState,
      schema: LegacyState,
      initial: INITIAL_LEGACY_STATE,
      what: 'a legacy conversation state',
    });
    this.#gateway = new MappingState({
      values,
      key: valueKey.gatewayState,
      schema: GatewayState,
      initial: INITIAL_GATEWAY_STATE,
      what: 'a gateway conversation state',
    });
  }

  /** `body` is the webhook's parsed JSON, its signature already verified. */
  /** `onTruncated` hears of a text 8x8 sent longer than the proxy passes on. */
  async receive(body: unknown, eventId: string, onTruncated?: OnTruncated): Promise<IntakeResult> {
    const result = await this.#apply(body, eventId, onTruncated);
    if (result !== 'unknown-conversation') return result;
    const upstreamId = text((body as JsonRecord).conversationId) ?? '';
    const kept = await this.#early.keep(upstreamId, { eventId, body });
    if (kept === 'full') this.#log.debug({ eventId }, 'too many early webhooks: not kept');
    // The create may have returned meanwhile, here or on another instance, and
    // applied what was kept before this one was: so try once more.
    return this.#apply(body, eventId, onTruncated);
  }

  /** The conversation is now known (its create returned): apply what came for it before. */
  async applyEarly(upstreamId: string): Promise<void> {
    for (const { eventId, body } of await this.#early.kept(upstreamId)) {
      await this.#apply(body, eventId);
    }
  }

  async #apply(body: unknown, eventId: string, onTruncated?: OnTruncated): Promise<IntakeResult> {
    const mapped = await this.#map(body, { eventId, ...(onTruncated ? { onTruncated } : {}) });
    if (!mapped) return 'unknown-event';
    const { upstream, ownEcho } = mapped;
    const own = ownEcho && (await this.#ownSends.isOwn(upstream.upstreamId, ownEcho, eventId));
    const events = own ? upstream.events.filter(notMessage) : upstream.events;
    const result = await this.#sink.receive({ ...upstream, events }, eventId);
    if (result === 'unknown-conversation') return result;
    await mapped.save?.(result);
    if (mapped.customerLeaves) await this.#customerLeaves(upstream.upstreamId, eventId);
    return result;
  }

  async #map(body: unknown, context: WebhookContext): Promise<Mapped | undefined> {
    if (!isRecord(body)) return undefined;
    const { eventId } = context;
    const upstreamId = text(body.conversationId) ?? '';
    if (isLegacyEvent(body)) {
      const state = await this.#legacy.read(upstreamId, eventId);
      const mapping = mapLegacyEvent(body, context, state.before);
      return (
        mapping && {
          upstream: mapping.mapped,
          save: (result) => state.save(mapping.state, result),
          customerLeaves: mapping.customerLeaves,
        }
      );
    }
    if (!needsGatewayState(body)) {
      const mapping = mapGatewayEvent(body, context);
      if (!mapping) return undefined;
      const { upstreamId: id, events, ownEcho } = mapping;
      return { upstream: { upstreamId: id, events }, ...(ownEcho ? { ownEcho } : {}) };
    }
    const state = await this.#gateway.read(upstreamId, eventId);
    const mapping = mapGatewayEvent(body, context, state.before);
    if (!mapping) return undefined;
    return {
      upstream: { upstreamId: mapping.upstreamId, events: mapping.events },
      save: (result) => state.save(mapping.state, result),
    };
  }

  /** The agent ended the chat and stays held until the customer leaves (legacy workflow). */
  async #customerLeaves(upstreamId: string, eventId: string) {
    await this.#contactCenter.leave(upstreamId).catch((error: unknown) => {
      this.#log.warn(
        { err: error, eventId },
        'could not tell 8x8 the customer left; the agent stays held',
      );
    });
  }
}

function notMessage(event: ParleyEvent): boolean {
  return event.type !== 'message';
}
