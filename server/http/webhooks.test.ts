import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSession } from '../../test/support/sessions.js';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { createMetrics } from '../observability/metrics.js';
import { Relay } from '../relay/relay.js';
import type { SigningKey } from '../simulator/signing-key.js';
import { SigningKey as NewKey } from '../simulator/signing-key.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { jwkKeys } from '../upstream/jwk-keys.js';
import { webhookHttpHeaders } from '../upstream/webhook-signature.js';
import { installProblemHandlers } from './problem.js';
import { webhookFastPath } from './webhook-fast-path.js';
import { webhookReceiver } from './webhooks.js';

/**
 * The webhook route with real signatures: the simulator signs as 8x8 does and
 * serves its keys at 8x8's JWK paths; the route fetches them by kid. Each
 * refusal is a 401 with a log line that says why.
 */

let sim: TestSimulator;
let store: Store;
let app: FastifyInstance;
let url: string;
const logs: { msg: string; reason?: string; level: number; [field: string]: unknown }[] = [];
const MAX_SKEW_MS = 5000;

/** Where the receivers' log lines go: into `logs`. */
const logStream = () =>
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) logs.push(JSON.parse(line));
      done();
    },
  });

/**
 * The route as a Fastify route (what `inject` and apps without the lean path
 * use) and on the lean path a listening proxy serves it on: the same answers.
 */
async function setUp(lean: boolean) {
  sim = await startSimulator('chat-gateway');
  store = openSqliteStore(':memory:', { maxEventsPerConversation: 1000 });
  let fastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  app = Fastify({
    logger: { level: 'info', stream: logStream() },
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!fastPath?.(req, res)) handler(req, res);
      }),
  });
  installProblemHandlers(app);
  const contactCenter = sim.adapter();
  const relay = new Relay(store, contactCenter, app.log);
  const options = {
    intake: relay.webhooks,
    keys: jwkKeys({ baseUrl: sim.url, region: 'us', timeoutMs: 2000, negativeTtlMs: 0 }),
    maxSkewMs: MAX_SKEW_MS,
    tenant: { tenantId: sim.simulator.tenantId, customerId: sim.simulator.customerId },
  };
  await app.register(webhookReceiver, options);
  if (lean) {
    fastPath = webhookFastPath({
      ...options,
      log: app.log,
      metrics: createMetrics(),
      headers: {},
      draining: () => false,
      track: () => {},
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/8x8`;
  sim.webhook.uri = url;
  await store.sessions.create(openSession('ours', 'theirs'));
}

async function tearDown() {
  await app.close();
  await store.close();
  await sim.close();
}

const body = (text: string) =>
  JSON.stringify({
    eventType: 'MESSAGE',
    conversationId: 'theirs',
    timestamp: Date.now(),
    data: { isEcho: false, sender: { id: 'agent-alex', type: 'agent' }, text },
  });

let nextEvent = 0;
/** A POST as 8x8 makes it, with the signature of `key` over `headers` (which a test may then bend). */
function post(
  raw: string,
  options: {
    key?: SigningKey;
    eventId?: string;
    retry?: number;
    transmissionTime?: number;
    tamper?: (headers: Record<string, string>) => void;
    body?: string;
    tenantId?: string;
    customerId?: string;
    to?: string;
  } = {},
) {
  const headers = {
    customerId: options.customerId ?? sim.simulator.customerId,
    eventId: options.eventId ?? `evt-${nextEvent++}`,
    tenantId: options.tenantId ?? sim.simulator.tenantId,
    transmissionTime: options.transmissionTime ?? Date.now(),
    retry: options.retry ?? 0,
  };
  const key = options.key ?? sim.simulator.signingKey;
  const sent: Record<string, string> = {
    'content-type': 'application/json',
    ...webhookHttpHeaders(headers, key.sign(Buffer.from(raw), headers)),
  };
  options.tamper?.(sent);
  return fetch(options.to ?? url, { method: 'POST', headers: sent, body: options.body ?? raw });
}

const stored = async (text: string) =>
  (await store.events.readAfter('ours', 0, 1000)).events.filter(
    (event) => event.type === 'message' && event.text === text,
  ).length;

const rejection = (reason: string) =>
  expect.objectContaining({ msg: 'webhook signature rejected', reason });

describe.each([
  ['a Fastify route', false],
  ['the lean path', true],
])('the 8x8 webhook route, as %s', (_name, lean) => {
  beforeAll(() => setUp(lean));
  afterAll(tearDown);
  beforeEach(() => {
    logs.length = 0;
    sim.simulator.faults.clear();
  });

  it('stores a valid event, its key fetched by kid from the JWK endpoint', async () => {
    const response = await post(body('valid'));
    expect(response.status).toBe(200);
    expect(await stored('valid')).toBe(1);
  });

  it('refuses a tampered body with 401 and says so in the log', async () => {
    const response = await post(body('original'), { body: body('tampered') });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(logs).toContainEqual(rejection('bad-signature'));
    expect(await stored('tampered')).toBe(0);
  });

  it('refuses a tampered header (event id, tenant, retry or time)', async () => {
    for (const [name, value] of [
      ['x-8x8-event-id', 'another-event'],
      ['x-8x8-tenant-id', 'another-tenant'],
      ['x-8x8-customer-id', 'another-customer'],
      ['x-8x8-retry', '3'],
      ['x-8x8-transmission-time', String(Date.now() - 1)],
    ] as const) {
      const response = await post(body('tampered header'), {
        tamper: (headers) => {
          headers[name] = value;
        },
      });
      expect(response.status).toBe(401);
    }
    expect(logs.filter((line) => line.reason === 'bad-signature')).toHaveLength(5);
  });

  it('refuses a signature made with another key than its kid names', async () => {
    const raw = body('wrong key');
    const response = await post(raw, {
      tamper: (headers) => {
        const forged = new NewKey().sign(Buffer.from(raw), {
          customerId: headers['x-8x8-customer-id']!,
          eventId: headers['x-8x8-event-id']!,
          tenantId: headers['x-8x8-tenant-id']!,
          transmissionTime: Number(headers['x-8x8-transmission-time']),
          retry: 0,
        });
        const [protectedHeader] = headers['x-8x8-signature']!.split('.');
        headers['x-8x8-signature'] = `${protectedHeader}..${forged.split('.')[2]}`;
      },
    });
    expect(response.status).toBe(401);
    expect(logs).toContainEqual(rejection('bad-signature'));
  });

  it('refuses a kid 8x8 does not know (its JWK endpoint answers 404)', async () => {
    const response = await post(body('stranger'), { key: new NewKey() });
    expect(response.status).toBe(401);
    expect(logs).toContainEqual(rejection('unknown-key'));
  });

  it('refuses a transmission time outside the configured skew, and takes one inside it', async () => {
    const old = await post(body('stale'), { transmissionTime: Date.now() - MAX_SKEW_MS - 2000 });
    expect(old.status).toBe(401);
    expect(logs).toContainEqual(rejection('stale'));
    const future = await post(body('stale'), { transmissionTime: Date.now() + MAX_SKEW_MS + 2000 });
    expect(future.status).toBe(401);
    const recent = await post(body('recent'), {
      transmissionTime: Date.now() - MAX_SKEW_MS + 2000,
    });
    expect(recent.status).toBe(200);
  });

  it('takes a retry, signed with its own retry number and time, and stores the event once', async () => {
    const raw = body('retried');
    expect((await post(raw, { eventId: 'evt-retried' })).status).toBe(200);
    const retry = await post(raw, {
      eventId: 'evt-retried',
      retry: 1,
      transmissionTime: Date.now() + 1000,
    });
    expect(retry.status).toBe(200);
    expect(await stored('retried')).toBe(1);
  });

  it('follows a key rotation: the new kid is fetched, events signed before still verify', async () => {
    const before = sim.simulator.signingKey;
    const after = sim.simulator.rotateKey();
    expect(after.kid).not.toBe(before.kid);
    expect((await post(body('after rotation'))).status).toBe(200);
    expect((await post(body('signed before'), { key: before })).status).toBe(200);
    expect(await stored('after rotation')).toBe(1);
    expect(await stored('signed before')).toBe(1);
  });

  it('falls back to the gateway JWK path when the legacy one does not have the key', async () => {
    sim.simulator.rotateKey();
    sim.simulator.faults.api.add({ count: 1, status: 404, path: '/vcc/us/chat/v2/jwk/' });
    expect((await post(body('gateway jwk'))).status).toBe(200);
    expect(sim.simulator.faults.api.pending).toBe(0);
  });

  it("answers 503 while 8x8's key endpoint is unreachable, so that 8x8's retry succeeds", async () => {
    sim.simulator.rotateKey();
    sim.simulator.faults.api.add({ count: 2, status: 502, path: '/jwk/' });
    const deliveries: { retry: number; status: unknown }[] = [];
    const listen = (d: { retry: number; status: unknown; eventType: string }) => {
      if (d.eventType === 'MESSAGE') deliveries.push({ retry: d.retry, status: d.status });
    };
    sim.simulator.on('delivery', listen);
    await sim.simulator.sender.send(sim.webhook, 'theirs', JSON.parse(body('after an outage')));
    sim.simulator.off('delivery', listen);
    expect(deliveries).toEqual([
      { retry: 0, status: 503 },
      { retry: 1, status: 200 },
    ]);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "8x8's signing key could not be fetched; 8x8 will retry" }),
    );
    expect(await stored('after an outage')).toBe(1);
  });

  it('answers problems for a body that is not JSON, too large or broken', async () => {
    const answer = async (headers: Record<string, string>, sent: string) => {
      const response = await fetch(url, { method: 'POST', headers, body: sent });
      const type = response.headers.get('content-type');
      return { status: response.status, type, problem: await response.json() };
    };
    const json = { 'content-type': 'application/json' };
    const problem = (status: number) => ({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
      problem: expect.objectContaining({ status, title: expect.any(String) }),
    });
    expect(await answer({ 'content-type': 'text/plain' }, body('plain'))).toEqual(problem(415));
    expect(await answer(json, 'x'.repeat(1024 * 1024 + 1))).toEqual(problem(413));
    expect(await answer(json, '{"eventType": "MESS')).toEqual(problem(400));
    expect(await stored('plain')).toBe(0);
  });

  it('follows a key 8x8 replaced under the same kid: the kept key that fails is fetched again', async () => {
    const kid = sim.simulator.rotateKey().kid;
    expect((await post(body('before the swap'))).status).toBe(200);
    const swapped = sim.simulator.rotateKey({ sameKid: true });
    expect(swapped.kid).toBe(kid);
    expect((await post(body('after the swap'))).status).toBe(200);
    expect(await stored('after the swap')).toBe(1);
  });

  it.each(['bare-without-kid', 'json-string', 'jwk-set'] as const)(
    'verifies with the key 8x8 answers as %s',
    async (jwkShape) => {
      sim.simulator.faults.variants.set({ jwkShape });
      sim.simulator.rotateKey();
      const text = `signed, key as ${jwkShape}`;
      expect((await post(body(text))).status).toBe(200);
      expect(await stored(text)).toBe(1);
    },
  );

  it('refuses an event whose kid names a key that is not RSA', async () => {
    sim.simulator.faults.variants.set({ jwkShape: 'not-rsa' });
    sim.simulator.rotateKey();
    const response = await post(body('ec key'));
    expect(response.status).toBe(401);
    expect(logs).toContainEqual(rejection('unknown-key'));
  });

  it('refuses (403) a correctly signed event of another tenant or customer, and says which', async () => {
    for (const other of [{ tenantId: 'someone-else' }, { customerId: 'another-customer' }]) {
      const response = await post(body('not ours'), other);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect(await stored('not ours')).toBe(0);
    expect(logs.filter((line) => line.mismatch)).toEqual([
      expect.objectContaining({ mismatch: 'x-8x8-tenant-id', tenantId: 'someone-else' }),
      expect.objectContaining({ mismatch: 'x-8x8-customer-id', customerId: 'another-customer' }),
    ]);
  });

  it('takes any tenant when none is configured, and logs the first one seen once', async () => {
    const open = Fastify({ logger: { level: 'info', stream: logStream() } });
    await open.register(webhookReceiver, {
      intake: new Relay(store, sim.adapter(), open.log).webhooks,
      keys: jwkKeys({ baseUrl: sim.url, region: 'us', timeoutMs: 2000 }),
      maxSkewMs: MAX_SKEW_MS,
      tenant: {},
    });
    await open.listen({ host: '127.0.0.1', port: 0 });
    const address = open.server.address();
    const to = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/8x8`;
    try {
      expect((await post(body('any tenant'), { to, tenantId: 'tenant-a' })).status).toBe(200);
      expect((await post(body('any tenant'), { to, tenantId: 'tenant-b' })).status).toBe(200);
      expect(logs.filter((line) => /set CC_TENANT_ID/.test(line.msg))).toEqual([
        expect.objectContaining({ tenantId: 'tenant-a', customerId: sim.simulator.customerId }),
      ]);
    } finally {
      await open.close();
    }
  });

  it('refuses an event without the signature headers', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body('unsigned'),
    });
    expect(response.status).toBe(401);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'webhook without the x-8x8-* signature headers' }),
    );
  });

  it('answers the unsigned WEB_HOOK_VERIFY hello of both versions', async () => {
    for (const version of ['Chat Gateway v1.0', 'v2.0']) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ notificationVersion: version, eventType: 'WEB_HOOK_VERIFY' }),
      });
      expect(response.status).toBe(200);
    }
  });

  it('logs and acknowledges an unknown event type of either version, never a 500', async () => {
    const gateway = JSON.stringify({
      eventType: 'NEW_THING',
      conversationId: 'theirs',
      timestamp: 1,
    });
    const legacy = JSON.stringify({
      eventType: 'NEW_THING',
      messageType: 'SYSTEM',
      conversationId: 'theirs',
      timestamp: 1,
    });
    expect((await post(gateway)).status).toBe(202);
    expect((await post(legacy)).status).toBe(202);
    expect((await post('[1,2,3]')).status).toBe(202);
    expect(logs.filter((line) => line.msg === 'unknown 8x8 event acknowledged')).toHaveLength(3);
  });

  it("cuts a 1 MB word from 8x8 (either version) to 8x8's 5000 characters, marked and logged", async () => {
    const word = 'A'.repeat(1024 * 1024 - 300);
    const legacy = JSON.stringify({
      eventType: 'TEXT',
      messageType: 'AGENT',
      conversationId: 'theirs',
      agentId: 'agent-alex',
      message: `B${word}`,
      timestamp: Date.now(),
    });
    expect(Buffer.byteLength(legacy)).toBeLessThan(1024 * 1024);
    expect((await post(body(word))).status).toBe(200);
    expect((await post(legacy)).status).toBe(200);
    const cut = (await store.events.readAfter('ours', 0, 1000)).events
      .flatMap((event) => (event.type === 'message' ? [event.text] : []))
      .filter((text) => text.endsWith('…'));
    expect(cut).toEqual([`${'A'.repeat(4999)}…`, `B${'A'.repeat(4998)}…`]);
    const warned = logs.filter((line) => line.msg.startsWith('8x8 sent a longer text'));
    expect(warned).toEqual([
      expect.objectContaining({ field: 'text', length: word.length, eventType: 'MESSAGE' }),
      expect.objectContaining({ field: 'text', length: word.length + 1, eventType: 'TEXT' }),
    ]);
  });
});
