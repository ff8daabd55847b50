import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { readWebhookHeaders, verifyWebhookSignature } from '../upstream/webhook-signature.js';
import { DEFAULT_VARIANTS } from './variants.js';

/** What a webhook receiver got: headers, raw body and parsed body. */
interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Record<string, unknown>;
}

/** A bare webhook receiver: answers `status()` (200 by default) and keeps every request. */
async function startReceiver() {
  const received: Received[] = [];
  let status = () => 200;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    received.push({ headers: request.headers, raw, body: JSON.parse(raw.toString()) });
    response.writeHead(status()).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`,
    received,
    answer(next: () => number) {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe.each(['chat-gateway', 'chat-api'] as const)('the simulated %s webhooks', (api) => {
  let t: TestSimulator;
  let hook: Receiver;
  beforeAll(async () => {
    t = await startSimulator(api);
    hook = await startReceiver();
    t.webhook.uri = hook.url;
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });
  beforeEach(() => {
    hook.received.length = 0;
    hook.answer(() => 200);
    t.simulator.faults.clear();
  });

  const lifecycle = async () => {
    const cc = t.adapter();
    const { upstreamId } = await cc.createConversation({
      visitorId: 'parley-simulator-test',
      visitor: { name: 'Ada' },
      variables: {},
    });
    await eventually(() => t.simulator.conversation(upstreamId).waiting);
    return { cc, upstreamId };
  };
  const eventTypes = () => hook.received.map((r) => r.body.eventType);

  it('signs every event as 8x8 does, verifiable with the JWK served at both paths', async () => {
    const { upstreamId } = await lifecycle();
    t.simulator.accept('agent-alex', upstreamId);
    await eventually(() => t.simulator.sender.pending === 0);
    expect(hook.received.length).toBeGreaterThan(0);
    for (const { headers, raw } of hook.received) {
      const signed = readWebhookHeaders((name) => headers[name] as string | undefined)!;
      const verdict = await verifyWebhookSignature(raw, signed.headers, signed.signature, {
        maxSkewMs: 60_000,
        keys: async (kid) => {
          const legacy = await fetch(`${t.url}/vcc/us/chat/v2/jwk/${kid}/public`);
          const gateway = await fetch(`${t.url}/chat-gateway/v1/jwk/${kid}/public`);
          const jwk = (await legacy.json()) as JsonWebKey;
          expect(await gateway.json()).toEqual(jwk);
          return createPublicKey({ key: jwk, format: 'jwk' });
        },
      });
      expect(verdict.ok).toBe(true);
      expect(headers['x-8x8-retry']).toBe('0');
      expect(headers['cache-control']).toBe('no-cache');
    }
  });

  it('retries until a 2xx, with x-8x8-retry counting up and a new transmission time', async () => {
    let calls = 0;
    hook.answer(() => (++calls <= 2 ? 500 : 200));
    const { upstreamId } = await lifecycle();
    await eventually(() => t.simulator.sender.pending === 0);
    const first = hook.received.filter((r) => r.body.conversationId === upstreamId).slice(0, 3);
    expect(first.map((r) => r.headers['x-8x8-retry'])).toEqual(['0', '1', '2']);
    expect(new Set(first.map((r) => r.headers['x-8x8-event-id'])).size).toBe(1);
    expect(new Set(first.map((r) => r.headers['x-8x8-transmission-time'])).size).toBe(3);
  });

  it('drops, duplicates, reorders and delays webhooks on demand', async () => {
    const { upstreamId } = await lifecycle();
    await eventually(() => t.simulator.sender.pending === 0);
    const s = t.simulator;
    const sent = () => hook.received.map((r) => r.body);
    const texts = () =>
      sent()
        .filter((b) => b.eventType === 'TEXT' || (b.eventType === 'MESSAGE' && b.data))
        .map((b) => String(b.message ?? (b.data as { text?: string }).text));
    s.accept('agent-alex', upstreamId);
    await eventually(() => s.sender.pending === 0);
    hook.received.length = 0;

    s.faults.webhooks.add('drop', 1);
    s.agentMessage('agent-alex', upstreamId, 'dropped');
    s.faults.webhooks.add('duplicate', 1);
    s.agentMessage('agent-alex', upstreamId, 'twice');
    s.faults.webhooks.add('reorder', 1);
    s.agentMessage('agent-alex', upstreamId, 'overtaken');
    s.agentMessage('agent-alex', upstreamId, 'overtakes');
    s.faults.webhooks.add('delay', 1, 800);
    s.agentMessage('agent-alex', upstreamId, 'late');
    s.agentMessage('agent-alex', upstreamId, 'on time');
    await eventually(() => s.sender.pending === 0);
    expect(texts()).toEqual(['twice', 'twice', 'overtakes', 'overtaken', 'on time', 'late']);
    const twice = hook.received.filter((r) => JSON.stringify(r.body).includes('twice'));
    expect(twice[0]!.headers['x-8x8-event-id']).toBe(twice[1]!.headers['x-8x8-event-id']);
  });

  /** A chat in which the visitor writes "hi" and Alex joins, types, answers and transfers it to Billing. */
  const transferredByAlex = async () => {
    const { cc, upstreamId } = await lifecycle();
    await cc.sendMessage(upstreamId, { text: 'hi' });
    const s = t.simulator;
    s.accept('agent-alex', upstreamId);
    s.agentTyping('agent-alex', upstreamId, true);
    s.agentMessage('agent-alex', upstreamId, 'hello');
    s.transfer('agent-alex', upstreamId, '102');
    return upstreamId;
  };

  if (api === 'chat-gateway') {
    it('sends the documented Chat Gateway events, with no field the reference does not list', async () => {
      const upstreamId = await transferredByAlex();
      const s = t.simulator;
      s.accept('agent-sam', upstreamId);
      s.end('agent-sam', upstreamId);
      await eventually(() => s.sender.pending === 0);
      const bodies = hook.received.map((r) => r.body);
      for (const body of bodies) {
        expect(Object.keys(body).sort()).toEqual(
          body.eventType === 'TRANSFER'
            ? ['conversationId', 'eventType', 'timestamp']
            : ['conversationId', 'data', 'eventType', 'timestamp'],
        );
      }
      expect(eventTypes()).toEqual([
        'CONVERSATION_UPDATE', // created
        'CONVERSATION_UPDATE', // active
        'QUEUED',
        'MESSAGE', // the echo of "hi"
        'CONVERSATION_UPDATE', // assignment: agent
        'MEMBERS_CHANGED',
        'ACTIVITY',
        'MESSAGE',
        'TRANSFER',
        'MEMBERS_CHANGED',
        'QUEUED',
        'CONVERSATION_UPDATE',
        'MEMBERS_CHANGED',
        'MEMBERS_CHANGED',
        'CONVERSATION_UPDATE', // idle
      ]);
      expect(bodies[3]!.data).toEqual({
        isEcho: true,
        sender: { id: 'user', type: 'user' },
        text: 'hi',
        attachments: [],
        cards: [],
      });
      expect(bodies[5]!.data).toEqual({ memberType: 'agent', change: 'joined', id: 'agent-alex' });
      expect(bodies[6]!.data).toEqual({
        name: 'typing',
        value: { users: [{ type: 'agent', id: 'agent-alex' }] },
      });
      expect(bodies[10]!.data).toEqual({ queueId: '102', queueName: 'Billing' });
      expect(bodies.at(-1)!.data).toEqual({ state: 'idle' });
    });
  } else {
    it('sends the documented legacy v2.0 events: QUEUED, AGENT_JOINED, TEXT, TRANSFER, AGENT_LEFT', async () => {
      const upstreamId = await transferredByAlex();
      const s = t.simulator;
      await eventually(() => s.sender.pending === 0);
      const base = { conversationId: upstreamId, timestamp: expect.any(Number) };
      const alex = { agentId: 'agent-alex', agentName: 'Alex Morgan' };
      expect(hook.received.map((r) => r.body)).toEqual([
        {
          eventType: 'QUEUED',
          messageType: 'SYSTEM',
          ...base,
          queueId: '101',
          queueName: 'Customer Support',
        },
        { eventType: 'AGENT_JOINED', messageType: 'SYSTEM', ...base, ...alex },
        { eventType: 'TEXT', messageType: 'AGENT', ...base, ...alex, message: 'hello' },
        { eventType: 'TRANSFER', messageType: 'SYSTEM', ...base },
        { eventType: 'AGENT_LEFT', messageType: 'SYSTEM', ...base, ...alex },
        {
          eventType: 'QUEUED',
          messageType: 'SYSTEM',
          ...base,
          queueId: '102',
          queueName: 'Billing',
        },
      ]);
    });

    it('holds the agent who ended a chat until the customer leaves, then says AGENT_LEFT again', async () => {
      const { cc, upstreamId } = await lifecycle();
      const s = t.simulator;
      s.accept('agent-alex', upstreamId);
      s.end('agent-alex', upstreamId);
      expect(s.conversation(upstreamId).heldAgentId).toBe('agent-alex');
      await cc.leave(upstreamId);
      await eventually(() => s.sender.pending === 0);
      expect(eventTypes().slice(-3)).toEqual(['AGENT_JOINED', 'AGENT_LEFT', 'AGENT_LEFT']);
      expect(s.conversation(upstreamId)).toMatchObject({ heldAgentId: undefined, state: 'idle' });
    });
  }
});

describe('the simulated APIs answer as 8x8 does', () => {
  let t: TestSimulator;
  let legacy: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
    legacy = await startSimulator('chat-api');
  });
  afterAll(async () => {
    await t.close();
    await legacy.close();
  });

  const gateway = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${t.url}/chat-gateway/v1${path}`, {
      ...init,
      headers: {
        'x-api-key': init.key ?? t.simulator.apiKey,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  it('gateway: 401 for a bad key, 403 for a foreign tenant, 400 problem+json for a missing field', async () => {
    const denied = await gateway('/channels', { key: 'wrong' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({
      message: 'Access Denied',
      errors: [{ code: 'access_denied' }],
      referenceId: expect.any(String),
    });
    const foreign = await gateway('/channels', { headers: { 'X-8x8-Tenant': 'someone-else' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({
      message: 'The tenant does not belong to customer.',
    });
    const missing = await gateway('/conversations', {
      method: 'POST',
      body: JSON.stringify({ channelId: t.channel.id }),
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({
      errors: [{ message: 'user: May not be empty.' }],
    });
    const badAuthor = await gateway(`/conversations/x/messages`, {
      method: 'POST',
      body: JSON.stringify({ authorType: 'agent', text: 'x' }),
    });
    expect(await badAuthor.json()).toMatchObject({
      message: 'Invalid authorType=agent, has to be one of user, bot, agent',
      errors: { code: 'invalid_json_object' },
    });
  });

  it('gateway: HAL lists with _embedded, _links and a page object, paged by size and page', async () => {
    for (let i = 0; i < 3; i++) {
      t.simulator.createWebhook({
        name: `w${i}`,
        uri: 'https://example.com/h',
        version: 'Chat Gateway v1.0',
      });
    }
    const response = await gateway('/webhooks?size=2&page=1');
    expect(response.headers.get('content-type')).toMatch(/^application\/hal\+json/);
    const list = (await response.json()) as {
      _links: { self: { href: string } };
      page: unknown;
      _embedded: { webhooks: unknown[] };
    };
    expect(list._links.self.href).toBe('/chat-gateway/v1/webhooks');
    expect(list.page).toEqual({ size: 2, number: 1, totalElements: 4, totalPages: 2 });
    expect(list._embedded.webhooks).toHaveLength(2);
  });

  it('gateway: creates only ChatAPI channels and only "Chat Gateway v1.0" webhooks', async () => {
    const channel = await gateway('/channels', {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        type: 'WhatsApp',
        webHookId: t.webhook.id,
        routingOptions: { type: 'queue', id: '101' },
      }),
    });
    expect(channel.status).toBe(400);
    const webhook = await gateway('/webhooks', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', uri: 'https://example.com', version: 'v2.0' }),
    });
    expect(webhook.status).toBe(400);
  });

  const legacyPath = (path: string) =>
    `${legacy.url}/vcc/us/chat/v2/tenant/${legacy.simulator.tenantId}${path}`;
  const token = async () => {
    const response = await fetch(`${legacy.url}/oauth/v2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${legacy.simulator.apiKey}:${legacy.simulator.apiSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    return (await response.json()) as Record<string, unknown>;
  };

  it('legacy: the token answer has every value as a string', async () => {
    const answer = await token();
    expect(answer).toMatchObject({ token_type: 'BearerToken', status: 'approved' });
    for (const key of ['expires_in', 'issued_at', 'access_token', 'refresh_count']) {
      expect(typeof answer[key]).toBe('string');
    }
    const bad = await fetch(`${legacy.url}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      ErrorCode: 'invalid_request',
      Error: 'Unsupported grant type : password',
    });
  });

  it("legacy: Apigee's 401 body without a valid token, 403 for another tenant, 404 for a bad region", async () => {
    const denied = await fetch(legacyPath('/channels'), {
      headers: { authorization: 'Bearer nope' },
    });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({
      fault: {
        faultstring: 'Invalid Access Token',
        detail: { errorcode: 'keymanagement.service.invalid_access_token' },
      },
    });
    const bearer = { authorization: `Bearer ${(await token()).access_token}` };
    const foreign = await fetch(`${legacy.url}/vcc/us/chat/v2/tenant/other/channels`, {
      headers: bearer,
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({
      message: 'The tenant does not belong to customer.',
      errors: [`Tenant other does not belong to customer ${legacy.simulator.customerId}.`],
    });
    const region = await fetch(legacyPath('/channels').replace('/vcc/us/', '/vcc/mars/'), {
      headers: bearer,
    });
    expect(region.status).toBe(404);
  });

  it('legacy: {data, page} lists, a channel with a bad queue answers ValidationExceptionPayload', async () => {
    const headers = {
      authorization: `Bearer ${(await token()).access_token}`,
      'content-type': 'application/json',
    };
    const list = (await (await fetch(legacyPath('/web-hooks'), { headers })).json()) as {
      page: unknown;
      data: unknown[];
    };
    expect(list.page).toEqual({ pageSize: 20, pageIndex: 0, elementCount: 1, pageCount: 1 });
    expect(list.data[0]).toEqual({ ...legacy.webhook });
    const bad = await fetch(legacyPath('/channels'), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'x',
        webHookId: legacy.webhook.id,
        routingOptions: { type: 'queue', id: '112' },
      }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: 'Queue ID 112 is invalid.',
      errors: [{ code: 'invalid_queue', message: 'Queue ID 112 is invalid.' }],
      validations: [
        {
          field: 'routingOptions.id',
          value: '112',
          code: 'invalid_queue',
          message: 'Queue ID 112 is invalid.',
        },
      ],
    });
    const v1 = await fetch(legacyPath('/web-hooks'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'old', uri: 'https://example.com', version: 'v1.0' }),
    });
    expect(v1.status).toBe(400);
    const empty = await fetch(legacyPath('/conversations/x/messages'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ authorType: 'user' }),
    });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({
      message: 'Constraint Violation',
      errors: ['text: May not be empty.'],
    });
  });

  it('legacy: create answers 202 with conversationId and timestamp, and reads the customer back flat', async () => {
    const headers = {
      authorization: `Bearer ${(await token()).access_token}`,
      'content-type': 'application/json',
    };
    const created = await fetch(legacyPath('/conversations'), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        channelId: legacy.channel.id,
        customer: { name: 'Ada', language: 'en', orderId: '77' },
      }),
    });
    expect(created.status).toBe(202);
    const { conversationId, timestamp } = (await created.json()) as {
      conversationId: string;
      timestamp: unknown;
    };
    expect(typeof timestamp).toBe('number');
    const conversation = await (
      await fetch(legacyPath(`/conversations/${conversationId}`), { headers })
    ).json();
    expect(conversation).toMatchObject({
      id: conversationId,
      channelId: legacy.channel.id,
      customer: { name: 'Ada', language: 'en', orderId: '77' },
    });
    const badLanguage = await fetch(legacyPath('/conversations'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ channelId: legacy.channel.id, customer: { language: 'en-US' } }),
    });
    expect(badLanguage.status).toBe(400);
  });
});

describe('the control API', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
  });
  afterAll(() => t.close());

  const control = (path: string, method = 'POST', body?: unknown, key = t.simulator.apiKey) =>
    fetch(`${t.url}/simulator${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('wants the API key', async () => {
    expect((await control('/keys/rotate', 'POST', undefined, 'wrong')).status).toBe(401);
  });

  it('fails the next N calls with a status and Retry-After, then heals', async () => {
    expect(
      (await control('/faults/api', 'POST', { count: 2, status: 429, retryAfterSeconds: 7 }))
        .status,
    ).toBe(204);
    const channel = () =>
      fetch(`${t.url}/chat-gateway/v1/channels/${t.channel.id}`, {
        headers: { 'x-api-key': t.simulator.apiKey },
      });
    const first = await channel();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await channel()).status).toBe(429);
    expect((await channel()).status).toBe(200);
    expect((await control('/faults/api', 'POST', { count: 0 })).status).toBe(400);
  });

  it('adds latency to every call until cleared', async () => {
    await control('/faults/latency', 'PUT', { ms: 150 });
    const started = Date.now();
    await fetch(`${t.url}/chat-gateway/v1/channels`, {
      headers: { 'x-api-key': t.simulator.apiKey },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await control('/faults', 'DELETE');
    expect(t.simulator.faults.api.latencyMs).toBe(0);
  });

  it('rotates the signing key, queues webhook faults, and reports deliveries and state', async () => {
    const before = t.simulator.signingKey.kid;
    const { kid } = (await (await control('/keys/rotate')).json()) as { kid: string };
    expect(kid).not.toBe(before);
    expect((await fetch(`${t.url}/chat-gateway/v1/jwk/${before}/public`)).status).toBe(200);
    expect((await control('/faults/webhooks', 'POST', { kind: 'drop', count: 1 })).status).toBe(
      204,
    );
    expect(t.simulator.faults.webhooks.next()).toEqual({ drop: true });
    expect((await control('/faults/webhooks', 'POST', { kind: 'explode', count: 1 })).status).toBe(
      400,
    );
    expect(await (await control('/deliveries', 'GET')).json()).toEqual({
      deliveries: expect.any(Array),
    });
    const state = (await (await control('/state', 'GET')).json()) as { queues: { name: string }[] };
    expect(state.queues.map((q) => q.name)).toContain('Billing');
  });

  it('switches the documented variants, a key replaced under its kid, and clears them with the faults', async () => {
    const set = (body: unknown) => control('/faults/variants', 'PUT', body);
    expect((await set({ echoSender: '', jwkShape: 'jwk-set', webhookTenantId: 'x' })).status).toBe(
      204,
    );
    expect(t.simulator.faults.variants.current).toMatchObject({
      echoSender: '',
      jwkShape: 'jwk-set',
      webhookTenantId: 'x',
      agentEnd: 'left-then-idle',
    });
    const kid = t.simulator.signingKey.kid;
    const published = await (await fetch(`${t.url}/chat-gateway/v1/jwk/${kid}/public`)).json();
    expect(published).toEqual({ keys: [expect.any(Object), t.simulator.signingKey.jwk] });
    expect((await set({ jwkShape: 'pem' })).status).toBe(400);
    const swapped = (await (await control('/keys/rotate', 'POST', { sameKid: true })).json()) as {
      kid: string;
    };
    expect(swapped.kid).toBe(kid);
    await control('/faults', 'DELETE');
    expect(t.simulator.faults.variants.current).toEqual(DEFAULT_VARIANTS);
  });
});

describe('what the simulator serves', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
  });
  afterAll(() => t.close());

  it('is never to be sniffed: a stored file, the console page, API answers and errors', async () => {
    const cc = t.adapter();
    const { upstreamId } = await cc.createConversation({
      visitorId: 'parley-nosniff',
      visitor: {},
      variables: {},
    });
    // Markup uploaded as an image: served as the image it claims to be, and only that.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const { id } = t.simulator.upload(upstreamId, {
      filename: 'x.png',
      contentType: 'image/png',
      data: svg,
    });
    const urls = [
      t.simulator.preSignedUrl(upstreamId, id),
      `${t.url}/agent`,
      `${t.url}/chat-gateway/v1/jwk/${t.simulator.signingKey.kid}/public`,
      `${t.url}/no-such-route`,
    ];
    for (const url of urls) {
      const response = await fetch(url);
      await response.arrayBuffer();
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });
});
