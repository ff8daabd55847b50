import { type Configuration, LEGACY_VERSION } from './configuration.js';
import type { Variants } from './variants.js';
import type { WebhookSender } from './webhook-sender.js';
import { asVariant, type GatewayEvent, toLegacyEvent } from './wire-events.js';

/** Reports what happens in a conversation to its channel's webhook, in that webhook's version. */
export type ReportEvent = (
  conversation: { id: string; channelId: string },
  eventType: string,
  data?: Record<string, unknown>,
) => void;

export function eventReporter(parts: {
  configuration: Configuration;
  sender: WebhookSender;
  agentName: (id: string) => string | undefined;
  variants: Variants;
}): ReportEvent {
  return (conversation, eventType, data) => {
    const webhook = parts.configuration.webhookOf(conversation.channelId);
    if (!webhook?.uri) return;
    const event: GatewayEvent = {
      eventType,
      conversationId: conversation.id,
      timestamp: Date.now(),
      ...(data ? { data } : {}),
    };
    const body =
      webhook.version === LEGACY_VERSION
        ? toLegacyEvent(event, parts.agentName)
        : asVariant(event, parts.variants.current);
    if (body) void parts.sender.send(webhook, conversation.id, body);
  };
}
