import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { startTestParley, type TestParley } from '../support/demo.js';

/**
 * Property-based fuzzing (fast-check) of every widget API route and the webhook
 * receiver, through the proxy's real Fastify instance with the real stores
 * behind it: whatever the body, headers or bytes, the answer is never a 5xx and
 * never late, and every 4xx is a problem+json a developer can act on. The
 * proxy still answers /healthz after each property.
 */

const HANG_MS = 5000;
let t: TestParley;
let visitor: ConversationCredentials;

/** Rate limits off: they would answer 429 before the validation the fuzzing is after. */
const NO_RATE_LIMITS = Object.fromEntries(
  [
    'CREATE_PER_IP',
    'SEND_PER_IP',
    'SEND_PER_CONVERSATION',
    'TYPING_PER_IP',
    'TYPING_PER_CONVERSATION',
  ].map((limit) => [`RATE_LIMIT_${limit}`, 'off']),
);

beforeAll(async () => {
  t = await startTestParley(NO_RATE_LIMITS);
  visitor = await t.startConversation();
});
afterAll(() => t.close());

interface Attempt {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Statuses answered, per property: the fuzzing reached the checks it means to. */
let seen = new Map<number, number>();

/** Sends one request and checks the answer; resolves to its status. */
async function probe(attempt: Attempt): Promise<number> {
  const answer = await Promise.race([
    t.parley.proxy.inject({
      method: attempt.method,
      url: attempt.url,
      headers: attempt.headers,
      ...(attempt.payload !== undefined ? { payload: attempt.payload } : {}),
    }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS),
    ),
  ]);
  const status = answer.statusCode;
  seen.set(status, (seen.get(status) ?? 0) + 1);
  if (status >= 500)
    throw new Error(`${status} for ${attempt.method} ${attempt.url}: ${answer.body}`);
  if (status >= 400 && !attempt.url.startsWith('/webhooks/')) {
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const problem = answer.json() as { status: number; title: string; detail: string };
    expect(problem.status).toBe(status);
    expect(problem.detail.length).toBeGreaterThan(0);
  }
  return status;
}

/** Prints what the property saw and checks the proxy still answers. */
async function stillAlive(property: string) {
  const figures = [...seen.entries()].sort(([a], [b]) => a - b);
  console.log(`[PASS] ${property}: ${figures.map(([s, n]) => `${s}×${n}`).join(', ')}`);
  const statuses = new Set(seen.keys());
  seen = new Map();
  expect((await t.parley.proxy.inject({ url: '/healthz' })).statusCode).toBe(200);
  return statuses;
}

const deep = fc
  .integer({ min: 100, max: 100_000 })
  .chain((depth) =>
    fc
      .constantFrom('[', '{"a":')
      .map((open) => open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth)),
  );
const huge = fc
  .integer({ min: 20_000, max: 3_000_000 })
  .map((size) => JSON.stringify({ visitor: { name: 'x'.repeat(size) }, text: 'y'.repeat(size) }));
const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .map((bytes) =>
    Buffer.concat([
      Buffer.from('{"text":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]),
  );
const wrongTypes = fc.record(
  {
    visitor: fc.anything(),
    clientMessageId: fc.anything(),
    text: fc.anything(),
    typing: fc.anything(),
    attachmentIds: fc.anything(),
    locale: fc.anything(),
    variables: fc.anything(),
  },
  { requiredKeys: [] },
);
/** Any body an attacker or a broken client may send. */
const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.json(),
  fc.string(),
  wrongTypes.map((value) => JSON.stringify(value)),
  fc.anything().map((value) => JSON.stringify(value) ?? 'undefined'),
  fc.string().map((text) => `{"text": ${text}`), // truncated JSON
  deep,
  huge,
  invalidUtf8,
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=latin1',
);

describe('the widget API', () => {
  const routes = (id: string) => [
    `/v1/conversations`,
    `/v1/conversations/${id}/token`,
    `/v1/conversations/${id}/messages`,
    `/v1/conversations/${id}/typing`,
    `/v1/conversations/${id}/attachments?filename=a.png`,
    `/v1/conversations/${id}/close`,
  ];
  const conversationId = fc.oneof(
    fc.constant('__mine__'),
    fc.uuid(),
    fc.string({ maxLength: 300 }).map(encodeURIComponent),
  );

  it('answers any body on any route with a 2xx or a problem, never a 5xx or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(
        conversationId,
        fc.nat({ max: 5 }),
        body,
        contentType,
        fc.boolean(),
        async (id, route, payload, type, withToken) => {
          const real = id === '__mine__' ? visitor.conversationId : id;
          const url = routes(real)[route]!;
          // Closing would end the conversation the other runs use.
          if (url.endsWith('/close') && real === visitor.conversationId) return;
          await probe({
            method: 'POST',
            url,
            headers: {
              origin: t.origin,
              'content-type': type,
              ...(withToken ? { authorization: `Bearer ${visitor.token}` } : {}),
            },
            payload,
          });
        },
      ),
      { numRuns: 1000 },
    );
    const statuses = await stillAlive('widget API bodies');
    for (const status of [400, 401, 413, 415]) expect(statuses).toContain(status);
  }, 120_000);

  it('answers any query on the transcript and the stream with a problem, never a 5xx', async () => {
    const query = fc.dictionary(
      fc.constantFrom('after', 'limit', 'token', 'lastEventId', 'x'),
      fc.oneof(fc.string(), fc.integer().map(String), fc.constant('1e400'), fc.constant('-1')),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.boolean(), fc.string(), async (params, events, lastEventId) => {
        const search = new URLSearchParams(params).toString();
        const path = events ? 'events' : 'transcript';
        const status = await probe({
          method: 'GET',
          url: `/v1/conversations/${visitor.conversationId}/${path}?${search}`,
          headers: {
            origin: t.origin,
            authorization: `Bearer ${visitor.token}`,
            'last-event-id': lastEventId.replace(/[^\x20-\x7e]/g, ''),
          },
        });
        // A stream token is never among the generated values: no stream may open.
        if (events) expect(status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 200 },
    );
    const statuses = await stillAlive('transcript and stream queries');
    expect(statuses).toContain(400);
  }, 60_000);
});

describe('the webhook receiver', () => {
  const signatureHeaders = fc.record(
    {
      'x-8x8-customer-id': fc.string(),
      'x-8x8-tenant-id': fc.string(),
      'x-8x8-event-id': fc.string(),
      'x-8x8-transmission-time': fc.oneof(fc.string(), fc.integer().map(String)),
      'x-8x8-retry': fc.oneof(fc.string(), fc.integer().map(String)),
      'x-8x8-signature': fc.oneof(
        fc.string(),
        fc.base64String().map((b) => `${b}..${b}`),
        fc.json().map((header) => `${Buffer.from(header).toString('base64url')}..AAAA`),
      ),
    },
    { requiredKeys: [] },
  );

  it('answers any body and any x-8x8-* headers with a 4xx or a 2xx, never a 5xx or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, signatureHeaders, async (payload, type, headers) => {
        const printable = Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [
            name,
            value.replace(/[^\x20-\x7e]/g, ''),
          ]),
        );
        const status = await probe({
          method: 'POST',
          url: '/webhooks/8x8',
          headers: { 'content-type': type, ...printable },
          payload,
        });
        // Unsigned: never accepted, except 8x8's unsigned handshake.
        if (status < 300 && !String(payload).includes('WEB_HOOK_VERIFY')) {
          throw new Error(`accepted an unsigned webhook: ${status}`);
        }
      }),
      { numRuns: 1000 },
    );
    const statuses = await stillAlive('webhook bodies and headers');
    for (const status of [400, 401]) expect(statuses).toContain(status);
  }, 120_000);
});

describe('numbers past what a query may hold (found by the fuzzing)', () => {
  it.each(['transcript?limit=1e400', 'transcript?after=1e400', 'events?lastEventId=1e400'])(
    '%s is a 400 problem, not a 500 or a stream that skips every event',
    async (path) => {
      const answer = await t.parley.proxy.inject({
        url: `/v1/conversations/${visitor.conversationId}/${path}`,
        headers: { origin: t.origin, authorization: `Bearer ${visitor.token}` },
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ title: 'Invalid request' });
      expect(answer.json().detail).toMatch(/must be integer/);
    },
  );
});
