import { Agent, request } from 'node:http';
import type { SigningKey } from '../../server/simulator/signing-key.js';

/**
 * Signed 8x8 webhooks, made before a run (RS256 signing costs ~0.2 ms, which the
 * load generator must not spend while it measures), then sent at a fixed rate.
 */
export interface PreparedWebhook {
  eventId: string;
  body: Buffer;
  headers: Record<string, string>;
}

export function prepareWebhooks(
  key: SigningKey,
  ids: { tenantId: string; customerId: string },
  count: number,
  upstreamIdOf: (n: number) => string,
  prefix: string,
): PreparedWebhook[] {
  const transmissionTime = Date.now();
  return Array.from({ length: count }, (_, n) => {
    const eventId = `${prefix}-${n}`;
    const body = Buffer.from(
      JSON.stringify({
        eventType: 'MESSAGE',
        conversationId: upstreamIdOf(n),
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

export interface SendResult {
  acknowledged: number;
  refused: number;
  /** performance.now() at which each event left, by event id. */
  sentAt: Map<string, number>;
  /** How long the proxy took to acknowledge each webhook, ms. */
  ackMs: number[];
  durationMs: number;
}

/**
 * Sends the webhooks at `ratePerSecond`, paced against the clock, over keep-alive
 * sockets; webhook n to `ports[(n + 1) % ports.length]`. The agent is the caller's, so
 * that its connections stay warm from one step to the next, as 8x8's do in a steady stream.
 */
export const webhookAgent = () => new Agent({ keepAlive: true, maxSockets: 64 });

export async function sendWebhooks(
  ports: number[],
  webhooks: PreparedWebhook[],
  ratePerSecond: number,
  agent: Agent,
): Promise<SendResult> {
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  const start = performance.now();
  const done: Promise<void>[] = [];
  let next = 0;
  while (next < webhooks.length) {
    const due = Math.min(
      webhooks.length,
      Math.floor(((performance.now() - start) / 1000) * ratePerSecond) + 1,
    );
    while (next < due) {
      const index = next++;
      const webhook = webhooks[index]!;
      done.push(
        new Promise<void>((resolve) => {
          const req = request(
            {
              host: '127.0.0.1',
              // With several instances, webhook n goes to the one not holding stream n (the
              // streams are spread the same way): every event crosses the bus.
              port: ports[(index + 1) % ports.length],
              method: 'POST',
              path: '/webhooks/8x8',
              agent,
              headers: webhook.headers,
            },
            (res) => {
              ackMs.push(performance.now() - sentAt.get(webhook.eventId)!);
              if (res.statusCode === 200) acknowledged++;
              else refused++;
              res.resume();
              res.on('end', () => {
                resolve();
              });
            },
          );
          req.on('error', () => {
            refused++;
            resolve();
          });
          sentAt.set(webhook.eventId, performance.now());
          req.end(webhook.body);
        }),
      );
    }
    // Sleep until the next one is due: a busy wait would take the core the proxy needs.
    const nextDueMs = start + (next / ratePerSecond) * 1000 - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, nextDueMs)));
  }
  await Promise.all(done);
  return { acknowledged, refused, sentAt, ackMs, durationMs: performance.now() - start };
}
