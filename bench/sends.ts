import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { ConversationCredentials } from '../protocol/widget-api.js';
import { startParleyUnderTest } from './lib/parley-under-test.js';

export interface SendsResult {
  conversations: number;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * Visitor messages: the widget API's send route, driven by autocannon, each
 * request with its own client message id, over several real conversations that
 * the proxy created at the simulator. Every accepted send is a real 8x8 POST.
 */
export async function benchSends(options: {
  conversations: number;
  connections: number;
  seconds: number;
  env?: Record<string, string>;
}): Promise<SendsResult> {
  const parley = await startParleyUnderTest({ conversations: 0, env: options.env });
  const origin = `http://127.0.0.1:${parley.ports[0]!}`;
  try {
    const credentials: ConversationCredentials[] = [];
    for (let i = 0; i < options.conversations; i++) {
      const response = await fetch(`${origin}/v1/conversations`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ visitor: { name: `Bench ${i}` } }),
      });
      if (response.status !== 201)
        throw new Error(`create failed: ${response.status} ${await response.text()}`);
      credentials.push((await response.json()) as ConversationCredentials);
    }
    let n = 0;
    const result = await autocannon({
      url: origin,
      connections: options.connections,
      duration: options.seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const c = credentials[n++ % credentials.length]!;
            return {
              ...request,
              path: `/v1/conversations/${c.conversationId}/messages`,
              headers: {
                origin,
                'content-type': 'application/json',
                authorization: `Bearer ${c.token}`,
              },
              body: JSON.stringify({
                clientMessageId: randomBytes(12).toString('hex'),
                text: 'bench message',
              }),
            };
          },
        },
      ],
    });
    const sends: SendsResult = {
      conversations: options.conversations,
      connections: options.connections,
      seconds: options.seconds,
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    };
    console.log(
      `  sends: ${sends.requestsPerSecond}/s, p50 ${sends.p50} ms, p99 ${sends.p99} ms, non-2xx ${sends.non2xx}, errors ${sends.errors}`,
    );
    return sends;
  } finally {
    await parley.stop();
  }
}
