import type { SigningKey } from '../../server/simulator/signing-key.js';
import type { PreparedPublish } from './publish-load.js';

/**
 * Signed 8x8 MESSAGE webhooks, one per channel given, made before a run (RS256 signing
 * costs ~0.2 ms, which the load generator must not spend while it measures). The
 * event id is also the message id the visitor's stream carries.
 */
export function prepareWebhooks(
  key: SigningKey,
  ids: { tenantId: string; customerId: string },
  channels: number[],
  upstreamIdOf: (channel: number) => string,
  prefix: string,
): PreparedPublish[] {
  const transmissionTime = Date.now();
  return channels.map((channel, n) => {
    const eventId = `${prefix}-${n}`;
    const body = Buffer.from(
      JSON.stringify({
        eventType: 'MESSAGE',
        conversationId: upstreamIdOf(channel),
        timestamp: transmissionTime,
        data: {
          isEcho: false,
          sender: { id: 'agent-bench', type: 'agent' },
          text: `bench message ${n}`,
          attachments: [],
          cards: [],
        },
      }),
    );
    const signed = {
      customerId: ids.customerId,
      eventId,
      tenantId: ids.tenantId,
      transmissionTime,
      retry: 0,
    };
    return {
      eventId,
      channel,
      path: '/webhooks/8x8',
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-8x8-customer-id': ids.customerId,
        'x-8x8-tenant-id': ids.tenantId,
        'x-8x8-event-id': eventId,
        'x-8x8-transmission-time': String(transmissionTime),
        'x-8x8-retry': '0',
        'x-8x8-signature': key.sign(body, signed),
      },
    };
  });
}
