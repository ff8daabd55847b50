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
