import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParley, type TestParley } from '../../test/support/demo.js';
import { SseClient } from '../../test/support/sse-client.js';
import { SigningKey } from '../simulator/signing-key.js';
import { webhookHttpHeaders } from '../upstream/webhook-signature.js';

let t: TestParley;
beforeAll(async () => {
  // No queue statistics: the tests below count every event, and a `wait` would be one more.
  t = await startTestParley({ QUEUE_STATS_INTERVAL_SECONDS: '0' });
});
afterAll(() => t.close());

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { status: number; title: string; detail: string };
};

describe('the widget API', () => {
  it('creates the conversation at 8x8 with the visitor details, and answers scoped credentials', async () => {
    const credentials = await t.startConversation({
      visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
      locale: 'en',
      variables: { _plan: 'gold' },
    });
    expect(credentials.conversationId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(credentials.token).not.toEqual(credentials.streamToken);
    const upstream = await t.upstreamOf(credentials.conversationId);
    expect(upstream.user).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      language: 'en',
      additionalProperties: [{ key: '_plan', value: 'gold' }],
    });
  });

  it('relays a message to 8x8 once, however often the same client message id is sent', async () => {
    const credentials = await t.startConversation();
    const path = `/v1/conversations/${credentials.conversationId}/messages`;
    const body = { clientMessageId: 'client-message-0001', text: 'hello' };
    const first = await t.call(path, { body, token: credentials.token });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ clientMessageId: 'client-message-0001', status: 'sent' });
    const again = await t.call(path, { body, token: credentials.token });
    expect(await again.json()).toEqual({ clientMessageId: 'client-message-0001', status: 'sent' });
    const upstream = await t.upstreamOf(credentials.conversationId);
    expect(upstream.messages.map((m) => m.text)).toEqual(['hello']);
  });

  it('tells 8x8 the visitor is typing, at most every few seconds', async () => {
    const credentials = await t.startConversation();
    const upstream = await t.upstreamOf(credentials.conversationId);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the conversation becomes active
    const typing = () =>
      t.call(`/v1/conversations/${credentials.conversationId}/typing`, {
        body: { typing: true },
        token: credentials.token,
      });
    expect((await typing()).status).toBe(204);
    expect(upstream.userTyping).toBe(true);
    upstream.userTyping = false;
    expect((await typing()).status).toBe(204);
    expect(upstream.userTyping).toBe(false); // throttled: not forwarded again so soon
  });

  it('uploads an allowed file to 8x8 and sends it with a message', async () => {
    const credentials = await t.startConversation();
    expect(credentials.limits.attachments?.types).toContain('image/png');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const upload = await fetch(
      `${t.origin}/v1/conversations/${credentials.conversationId}/attachments?filename=${encodeURIComponent('../../shot.png')}`,
      {
        method: 'POST',
        headers: {
          origin: t.origin,
          authorization: `Bearer ${credentials.token}`,
          'content-type': 'image/png',
        },
        body: png,
      },
    );
    expect(upload.status).toBe(201);
    const attachment = (await upload.json()) as { id: string; name: string; kind: string };
    expect(attachment).toMatchObject({ name: 'shot.png', kind: 'image', sizeInBytes: png.length });

    const sent = await t.call(`/v1/conversations/${credentials.conversationId}/messages`, {
      body: {
        clientMessageId: 'client-message-file',
        attachmentIds: [attachment.id, 'someone-elses'],
      },
      token: credentials.token,
    });
    expect(await sent.json()).toMatchObject({ status: 'sent' });
    const upstream = await t.upstreamOf(credentials.conversationId);
    expect(upstream.messages.at(-1)?.attachmentIds).toEqual([attachment.id]);
    expect(upstream.attachments[0]?.data.equals(png)).toBe(true);

    const refused = await fetch(
      `${t.origin}/v1/conversations/${credentials.conversationId}/attachments?filename=x.exe`,
      {
        method: 'POST',
        headers: {
          origin: t.origin,
          authorization: `Bearer ${credentials.token}`,
          'content-type': 'application/x-msdownload',
        },
        body: 'MZ',
      },
    );
    expect(refused.status).toBe(415);
  });

  it('refuses bad bodies with problem details that say what is wrong', async () => {
    const credentials = await t.startConversation();
    const path = `/v1/conversations/${credentials.conversationId}/messages`;
    const tooLong = await t.call(path, {
      body: { clientMessageId: 'client-message-0002', text: 'x'.repeat(5001) },
      token: credentials.token,
    });
    expect(tooLong.status).toBe(400);
    expect((await problemOf(tooLong)).detail).toMatch(/text/);
    const missing = await t.call(path, { body: { text: 'hi' }, token: credentials.token });
    expect((await problemOf(missing)).detail).toMatch(/clientMessageId/);
    const notJson = await t.call(path, { body: '{"text":', token: credentials.token });
    expect(notJson.status).toBe(400);
    await problemOf(notJson);
    const huge = await t.call(path, {
      body: { clientMessageId: 'client-message-0003', text: 'x'.repeat(40_000) },
      token: credentials.token,
    });
    expect(huge.status).toBe(413);
    await problemOf(huge);
    const unknown = await t.call('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    await problemOf(unknown);
  });

  it('refuses tokens that are missing, tampered, for another conversation or of the wrong scope', async () => {
    const mine = await t.startConversation();
    const theirs = await t.startConversation();
    const path = `/v1/conversations/${mine.conversationId}/messages`;
    const body = { clientMessageId: 'client-message-0004', text: 'hi' };
    const [payload, signature] = mine.token.split('.');
    const tampered = `${payload!.slice(0, -2)}AA.${signature}`;
    for (const token of [undefined, 'nonsense', tampered, theirs.token, mine.streamToken]) {
      const response = await t.call(path, { body, ...(token ? { token } : {}) });
      expect(response.status).toBe(401);
      await problemOf(response);
    }
    const stream = await fetch(t.streamUrl({ ...mine, streamToken: mine.token }));
    expect(stream.status).toBe(401);
    expect((await t.upstreamOf(mine.conversationId)).messages).toHaveLength(0);
  });

  it('serves only its allowed origins, and refuses before calling 8x8', async () => {
    const before = t.simulator.conversations.size;
    const foreign = await t.call('/v1/conversations', {
      body: {},
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('vary')).toMatch(/Origin/);
    const none = await fetch(`${t.origin}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(403);
    expect(t.simulator.conversations.size).toBe(before);
    const preflight = await t.call('/v1/conversations', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(t.origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('the event stream', () => {
  it('carries the conversation from queued to an agent reply, with increasing ids', async () => {
    const credentials = await t.startConversation();
    const stream = await SseClient.open(t.streamUrl(credentials));
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-encoding')).toBeNull();
    await stream.waitFor((s) =>
      s.events().some((e) => e.type === 'conversation' && e.state === 'queued'),
    );

    const upstream = await t.upstreamOf(credentials.conversationId);
    t.simulator.accept('agent-alex', upstream.id);
    t.simulator.agentMessage('agent-alex', upstream.id, 'Hello from the agent');
    await stream.waitFor((s) => s.events().some((e) => e.type === 'message'));
    stream.close();

    const events = stream.events();
    expect(stream.frames[0]?.retry).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual([
      'conversation',
      'conversation',
      'participant',
      'conversation',
      'message',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(events[2]).toMatchObject({
      change: 'joined',
      role: 'agent',
      participantId: 'agent-alex',
    });
    expect(events[4]).toMatchObject({ role: 'agent', text: 'Hello from the agent' });
  });

  it('resumes after Last-Event-ID (header) or lastEventId (query) without repeating anything', async () => {
    const credentials = await t.startConversation();
    const first = await SseClient.open(t.streamUrl(credentials));
    await first.waitFor((s) => s.events().length >= 2);
    first.close();
    const upstream = await t.upstreamOf(credentials.conversationId);
    t.simulator.accept('agent-alex', upstream.id);

    const byHeader = await SseClient.open(t.streamUrl(credentials), { 'last-event-id': '2' });
    await byHeader.waitFor((s) => s.events().length >= 2);
    byHeader.close();
    expect(byHeader.events().map((e) => e.id)).toEqual([3, 4]);

    const byQuery = await SseClient.open(t.streamUrl(credentials, '&lastEventId=3'));
    await byQuery.waitFor((s) => s.events().length >= 1);
    byQuery.close();
    expect(byQuery.events().map((e) => e.id)).toEqual([4]);
  });

  it('never writes the stream token to a log line', async () => {
    const { redactUrl } = await import('../app.js');
    expect(redactUrl('/v1/conversations/abc/events?token=secret.sig&lastEventId=3')).toBe(
      '/v1/conversations/abc/events?token=[redacted]&lastEventId=3',
    );
  });
});

describe('the 8x8 webhook receiver', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.origin}/webhooks/8x8`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const signed = (key: SigningKey, body: string, eventId: string, retry = 0) => {
    const headers = {
      customerId: t.simulator.customerId,
      eventId,
      tenantId: t.simulator.tenantId,
      transmissionTime: Date.now(),
      retry,
    };
    return webhookHttpHeaders(headers, key.sign(Buffer.from(body), headers));
  };

  it('answers the WEB_HOOK_VERIFY handshake with 2xx', async () => {
    const response = await post(
      '{"notificationVersion":"Chat Gateway v1.0","eventType":"WEB_HOOK_VERIFY"}',
    );
    expect(response.status).toBe(200);
  });

  it('refuses unsigned and wrongly signed events with 401', async () => {
    const body = '{"eventType":"QUEUED","conversationId":"x","timestamp":1,"data":{}}';
    expect((await post(body)).status).toBe(401);
    const stranger = new SigningKey();
    expect((await post(body, signed(stranger, body, 'evt-stranger'))).status).toBe(401);
  });

  it('stores a signed event once, even when 8x8 retries it', async () => {
    const credentials = await t.startConversation();
    const upstream = await t.upstreamOf(credentials.conversationId);
    const key = t.simulator.rotateKey();
    const body = JSON.stringify({
      eventType: 'MESSAGE',
      conversationId: upstream.id,
      timestamp: Date.now(),
      data: { isEcho: false, sender: { id: 'a', type: 'agent' }, text: 'once' },
    });
    expect((await post(body, signed(key, body, 'evt-once'))).status).toBe(200);
    expect((await post(body, signed(key, body, 'evt-once', 1))).status).toBe(200);
    const read = await t.parley.store.events.readAfter(credentials.conversationId, 0, 100);
    expect(read.events.filter((e) => e.type === 'message' && e.text === 'once')).toHaveLength(1);
  });

  it('acknowledges an unknown event type instead of failing', async () => {
    const key = t.simulator.rotateKey();
    const body = '{"eventType":"SOMETHING_NEW","conversationId":"x","timestamp":1}';
    expect((await post(body, signed(key, body, 'evt-new'))).status).toBe(202);
  });

  it('acknowledges (202) a conversation it does not know, so 8x8 does not retry it for ever', async () => {
    const key = t.simulator.rotateKey();
    const body =
      '{"eventType":"QUEUED","conversationId":"not-ours","timestamp":1,"data":{"queueId":"1","queueName":"q"}}';
    expect((await post(body, signed(key, body, 'evt-unknown'))).status).toBe(202);
  });

  it('refuses a body that is not JSON with 400', async () => {
    expect((await post('{not json')).status).toBe(400);
  });
});

describe('health', () => {
  it('is alive and ready when the store and 8x8 answer', async () => {
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ store: true, contactCenter: true });
  });
});
