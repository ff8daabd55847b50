import { type Static, Type } from 'typebox';
import type { ParleyEvent } from '../../protocol/events.js';
import type { WebhookContext } from './chat-gateway-events.js';
import type { UpstreamEvents } from './contact-center.js';
import { epochMsToIso, isRecord, type JsonRecord, text } from './json-read.js';
import { queuedEvent } from './queued.js';
import { messageText, nameText } from './text-limits.js';

/**
 * The legacy Chat API v2 webhook events (webhook version v2.0): QUEUED,
 * AGENT_JOINED, AGENT_LEFT, TRANSFER and TEXT, flat bodies with a
 * `messageType` (SYSTEM or AGENT). Unlike the gateway, they name the agent.
 *
 * AGENT_LEFT means three things, told apart only by what came before: after a
 * TRANSFER, the first agent handing over (another joins); otherwise the agent
 * ended the chat, and the integration must call "customer leaves" to free them,
 * after which a second AGENT_LEFT for the same agent arrives, which is news to
 * nobody. So the mapping carries a little state per conversation.
 */
/** What the legacy mapping remembers of a conversation between its webhooks. */
export const LegacyState = Type.Object({
  /** A TRANSFER came and its AGENT_LEFT has not yet. */
  transferring: Type.Boolean(),
  /** The agent whose leaving ended the chat; their next AGENT_LEFT is the echo. */
  endedBy: Type.Optional(Type.String()),
});
export type LegacyState = Static<typeof LegacyState>;

export const INITIAL_LEGACY_STATE: LegacyState = { transferring: false };

export interface LegacyMapping {
  mapped: UpstreamEvents;
  state: LegacyState;
  /**
   * Call "customer leaves" (`DELETE …/participants/customer`) now: the agent
   * ended the chat and waits to be freed.
   */
  customerLeaves: boolean;
}

/** Is this body a legacy event (they all carry messageType; gateway events never do)? */
export function isLegacyEvent(body: unknown): body is JsonRecord {
  return isRecord(body) && typeof body.messageType === 'string';
}

/** Undefined for a body that is not a legacy conversation event of a known type. */
export function mapLegacyEvent(
  body: unknown,
  context: WebhookContext,
  state: LegacyState,
): LegacyMapping | undefined {
  if (!isRecord(body)) return undefined;
  const upstreamId = text(body.conversationId);
  if (!upstreamId) return undefined;
  const result = mapByType(body, context, state);
  return result && { ...result, mapped: { upstreamId, events: result.events } };
}

type Step = { events: ParleyEvent[]; state: LegacyState; customerLeaves: boolean };

function mapByType(
  body: JsonRecord,
  context: WebhookContext,
  state: LegacyState,
): Step | undefined {
  const agentId = text(body.agentId);
  const agentName = nameText(body.agentName, 'agentName', context.onTruncated);
  const sentAt = epochMsToIso(body.timestamp);
  const agent = {
    role: 'agent' as const,
    ...(agentId ? { participantId: agentId } : {}),
    ...(agentName ? { name: agentName } : {}),
  };
  const same = (events: ParleyEvent[]): Step => ({ events, state, customerLeaves: false });
  switch (text(body.eventType)) {
    case 'QUEUED':
      return same([
        queuedEvent(text(body.queueId), nameText(body.queueName, 'queueName', context.onTruncated)),
      ]);
    case 'AGENT_JOINED':
      return {
        events: [
          { type: 'participant', change: 'joined', ...agent },
          { type: 'conversation', state: 'active' },
        ],
        state: { transferring: false },
        customerLeaves: false,
      };
    case 'TRANSFER':
      return {
        events: [{ type: 'transferred' }],
        state: { transferring: true },
        customerLeaves: false,
      };
    case 'AGENT_LEFT':
      return agentLeft(agent, agentId, state);
    case 'TEXT':
      return same([
        {
          type: 'message',
          // TEXT has no message id; the event id is unique and stable across retries.
          messageId: context.eventId,
          role: 'agent',
          ...(agentName ? { authorName: agentName } : {}),
          ...(agentId ? { participantId: agentId } : {}),
          text: messageText(text(body.message) ?? '', context.onTruncated),
          attachments: [],
          ...(sentAt ? { sentAt } : {}),
        },
      ]);
    default:
      return undefined;
  }
}

function agentLeft(
  agent: { role: 'agent'; participantId?: string; name?: string },
  agentId: string | undefined,
  state: LegacyState,
): Step {
  const left: ParleyEvent = { type: 'participant', change: 'left', ...agent };
  if (state.transferring) {
    return { events: [left], state: { transferring: false }, customerLeaves: false };
  }
  if (state.endedBy !== undefined && state.endedBy === (agentId ?? '')) {
    return { events: [], state, customerLeaves: false };
  }
  return {
    events: [left, { type: 'conversation', state: 'idle' }],
    state: { transferring: false, endedBy: agentId ?? '' },
    customerLeaves: true,
  };
}
