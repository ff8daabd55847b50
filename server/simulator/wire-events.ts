import type { VariantSettings } from './variants.js';

/**
 * The simulator's webhook bodies. It thinks in Chat Gateway events (reference
 * §3.5); a webhook of the legacy version v2.0 gets their legacy form (§3.4), or
 * nothing where the legacy API has no such event (CONVERSATION_UPDATE, typing,
 * echoes, the visitor's own comings and goings). No field beyond the reference.
 */

export type GatewayEvent = {
  eventType: string;
  conversationId: string;
  timestamp: number;
  data?: Record<string, unknown>;
};

export type LegacyEvent = Record<string, unknown> & {
  eventType: string;
  messageType: 'SYSTEM' | 'AGENT';
  conversationId: string;
  timestamp: number;
};

export function toLegacyEvent(
  event: GatewayEvent,
  agentName: (id: string) => string | undefined,
): LegacyEvent | undefined {
  const data = event.data ?? {};
  const base = { conversationId: event.conversationId, timestamp: event.timestamp };
  const agent = (id: unknown) => ({
    agentId: String(id),
    agentName: agentName(String(id)) ?? String(id),
  });
  switch (event.eventType) {
    case 'QUEUED':
      return {
        eventType: 'QUEUED',
        messageType: 'SYSTEM',
        ...base,
        queueId: String(data.queueId),
        queueName: String(data.queueName),
      };
    case 'TRANSFER':
      return { eventType: 'TRANSFER', messageType: 'SYSTEM', ...base };
    case 'MEMBERS_CHANGED':
      if (data.memberType !== 'agent') return undefined;
      return {
        eventType: data.change === 'joined' ? 'AGENT_JOINED' : 'AGENT_LEFT',
        messageType: 'SYSTEM',
        ...base,
        ...agent(data.id),
      };
    case 'MESSAGE': {
      const sender = (data.sender ?? {}) as { id?: unknown; type?: unknown };
      if (data.isEcho === true || sender.type !== 'agent') return undefined;
      return {
        eventType: 'TEXT',
        messageType: 'AGENT',
        ...base,
        ...agent(sender.id),
        message: String(data.text ?? ''),
      };
    }
    default:
      return undefined;
  }
}

/**
 * A gateway MESSAGE in the shape the variants ask for (variants.ts): an agent's
 * message as the chat-workflow page shows it, an echo with another sender type,
 * or no echo. Undefined: not sent at all.
 */
export function asVariant(
  event: GatewayEvent,
  variants: VariantSettings,
): GatewayEvent | undefined {
  if (event.eventType !== 'MESSAGE' || !event.data) return event;
  const sender = (event.data.sender ?? {}) as Record<string, unknown>;
  if (event.data.isEcho === true) {
    if (variants.echoSender === 'none') return undefined;
    if (variants.echoSender === 'author') return event;
    return withSender(event, true, { ...sender, type: variants.echoSender });
  }
  if (sender.type === 'agent' && variants.agentMessage === 'chat-workflow') {
    return withSender(event, true, { ...sender, type: '' });
  }
  return event;
}

function withSender(event: GatewayEvent, isEcho: boolean, sender: Record<string, unknown>) {
  return { ...event, data: { ...event.data, isEcho, sender } };
}
