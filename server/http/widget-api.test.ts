import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import type { ConversationCredentials, TranscriptPage } from '../../protocol/widget-api.js';
import { startGatedParley, startTestParley, type TestParley } from '../../test/support/demo.js';
import { SseClient } from '../../test/support/sse-client.js';
import { TokenSigner } from './tokens.js';

/** Every /v1 route and every error it can answer, over HTTP against real servers. */

const SECRET = 'a-test-secret-that-is-long-enough-for-parley';

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as { status: number; title: string; detail: string };
  expect(problem.status).toBe(status);
  expect(problem.detail.length).toBeGreaterThan(10);
  return problem;
};

let t: TestParley;
beforeAll(async () => {
  t = await startTestParley({
    TOKEN_SECRET: SECRET,
    TOKEN_TTL_SECONDS: '600',
    ATTACHMENT_MAX_BYTES: '1024',
  });
});
afterAll(() => t.close());

const route = (credentials: ConversationCredentials, action: string) =>
  `/v1/conversations/${credentials.conversationId}/${action}`;

describe('POST /v1/conversations', () => {
  it('refuses an invalid body, saying which field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ visitor: { email: 'not an email' } }, /email/],
      [{ visitor: { name: 'x', role: 'admin' } }, /additional/],
      [{ locale: 'english please' }, /locale/],
      [{ variables: { 'bad key!': 'x' } }, /variables/],
      ['[1,2', /JSON|body/i],
    ];
    for (const [body, detail] of cases) {
      const problem = await problemOf(await t.call('/v1/conversations', { body }), 400);
      expect(problem.detail).toMatch(detail);
    }
  });

  it('refuses a body over its limit (16 KB) with 413, and a non-JSON body with 415', async () => {
    const huge = { visitor: { name: 'x'.repeat(20_000) } };
    await problemOf(await t.call('/v1/conversations', { body: huge }), 413);
    const text = await t.call('/v1/conversations', {
      method: 'POST',
      body: 'name=ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await problemOf(text, 415);
  });
});

describe('POST /v1/conversations/{id}/token', () => {
  it('refreshes the credentials with a later expiry; both tokens work', async () => {
    const first = await t.startConversation();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await t.call(route(first, 'token'), { method: 'POST', token: first.token });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as ConversationCredentials;
    expect(second.conversationId).toBe(first.conversationId);
    expect(Date.parse(second.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
    expect(second.token).not.toBe(first.token);
    for (const token of [first.token, second.token]) {
      const transcript = await t.call(route(first, 'transcript'), { token });
      expect(transcript.status).toBe(200);
    }
    const stream = await SseClient.open(t.streamUrl(second));
    expect(stream.status).toBe(200);
    stream.close();
  });

  it('refuses an expired token, one for another conversation, a tampered one and a stream token', async () => {
    const mine = await t.startConversation();
    const theirs = await t.startConversation();
    const signer = new TokenSigner(SECRET, 600);
    const expired = signer.issue(mine.conversationId, 'api', 1, Date.now() - 601_000).token;
    const [payload, signature] = mine.token.split('.');
    const forged = (conversationId: string) =>
      `${Buffer.from(JSON.stringify([conversationId, 'api', 1, 9_999_999_999])).toString('base64url')}.${signature}`;
    const cases: [string, RegExp][] = [
      [expired, /expired/],
      [theirs.token, /another conversation/],
      [`${payload}x.${signature}`, /not signed by this proxy/],
      [forged(mine.conversationId), /not signed by this proxy/],
      [mine.streamToken, /cannot be used/],
      ['garbage', /not a Parley token/],
    ];
    for (const [token, detail] of cases) {
      const problem = await problemOf(
        await t.call(route(mine, 'token'), { method: 'POST', token }),
        401,
      );
      expect(problem.detail).toMatch(detail);
    }
  });

  it('refuses tokens revoked by a bump of the token version', async () => {
    const credentials = await t.startConversation();
    await t.parley.store.sessions.update(credentials.conversationId, { tokenVersion: 2 });
    const problem = await problemOf(
      await t.call(route(credentials, 'transcript'), { token: credentials.token }),
      401,
    );
    expect(problem.detail).toMatch(/revoked/);
    const stream = await fetch(t.streamUrl(credentials));
    await problemOf(stream, 401);
  });

  it('refuses a body over 1 KB', async () => {
    const credentials = await t.startConversation();
    const big = await t.call(route(credentials, 'token'), {
      body: { pad: 'x'.repeat(2000) },
      token: credentials.token,
    });
    await problemOf(big, 413);
  });
});

describe('POST /v1/conversations/{id}/messages', () => {
  it('answers 409 once the conversation is closed, but still answers a repeat of a sent id', async () => {
    const credentials = await t.startConversation();
    expect((await t.send(credentials, 'before-close', 'hi')).status).toBe(202);
    const close = () =>
      t.call(route(credentials, 'close'), { method: 'POST', token: credentials.token });
    expect((await close()).status).toBe(204);
    expect((await close()).status).toBe(204); // closing twice is fine
    const problem = await problemOf(await t.send(credentials, 'after-close', 'hello?'), 409);
    expect(problem.detail).toMatch(/ended/);
    const repeat = await t.send(credentials, 'before-close', 'hi');
    expect(await repeat.json()).toEqual({ clientMessageId: 'before-close', status: 'sent' });
    const typing = await t.call(route(credentials, 'typing'), {
      body: { typing: true },
      token: credentials.token,
    });
    await problemOf(typing, 409);
  });

  it("carries a quick reply's payload to 8x8 with its title, and wants the title", async () => {
    const credentials = await t.startConversation();
    const path = route(credentials, 'messages');
    const answer = await t.call(path, {
      body: { clientMessageId: 'quick-reply-1', text: 'Returns', quickReplyPayload: 'returns' },
      token: credentials.token,
    });
    expect(await answer.json()).toEqual({ clientMessageId: 'quick-reply-1', status: 'sent' });
    const sent = (await t.upstreamOf(credentials.conversationId)).messages.at(-1);
    expect(sent).toMatchObject({ text: 'Returns' });
    expect(sent?.cards).toEqual([
      {
        contentType: 'application/8x8.quick.replies',
        content: { options: [{ title: 'Returns', data: { postback: 'returns' } }] },
      },
    ]);
    const untitled = await t.call(path, {
      body: { clientMessageId: 'quick-reply-2', attachmentIds: ['a'], quickReplyPayload: 'x' },
      token: credentials.token,
    });
    expect((await problemOf(untitled, 400)).detail).toMatch(/text/);
  });

  it('refuses a well-signed token for a conversation this proxy does not know', async () => {
    const credentials = await t.startConversation();
    const signer = new TokenSigner(SECRET, 600);
    const token = signer.issue('no-such-conversation', 'api', 1).token;
    const response = await t.call('/v1/conversations/no-such-conversation/messages', {
      body: { clientMessageId: 'client-message-x', text: 'x' },
      token,
    });
    // The session is checked with the token: an unknown one is refused like a revoked one.
    await problemOf(response, 401);
    expect(credentials.conversationId).not.toBe('no-such-conversation');
  });

  it('refuses a bad conversation id in the path', async () => {
    const response = await t.call('/v1/conversations/not%20valid!/messages', {
      body: { clientMessageId: 'client-message-x', text: 'x' },
      token: 'x',
    });
    await problemOf(response, 400);
  });
});

describe('POST /v1/conversations/{id}/typing', () => {
  it('refuses a bad body, a big body and a missing token', async () => {
    const credentials = await t.startConversation();
    const path = route(credentials, 'typing');
    await problemOf(await t.call(path, { body: { typing: 'yes' }, token: credentials.token }), 400);
    await problemOf(
      await t.call(path, {
        body: { typing: true, pad: 'x'.repeat(2000) },
        token: credentials.token,
      }),
      413,
    );
    await problemOf(await t.call(path, { body: { typing: true } }), 401);
    expect((await t.call(path, { body: { typing: false }, token: credentials.token })).status).toBe(
      204,
    );
  });
});

describe('POST /v1/conversations/{id}/attachments', () => {
  const upload = (
    credentials: ConversationCredentials,
    body: Buffer,
    query = '?filename=a.png',
    type = 'image/png',
  ) =>
    fetch(`${t.origin}${route(credentials, 'attachments')}${query}`, {
      method: 'POST',
      headers: {
        origin: t.origin,
        authorization: `Bearer ${credentials.token}`,
        'content-type': type,
      },
      body: new Uint8Array(body),
    });
  const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');
  const png = Buffer.concat([PNG_SIGNATURE, Buffer.from('0000000d49484452', 'hex')]);

  it('refuses a file over ATTACHMENT_MAX_BYTES (413), an empty one and a missing name (400)', async () => {
    const credentials = await t.startConversation();
    await problemOf(await upload(credentials, Buffer.alloc(2048, 1)), 413);
    await problemOf(await upload(credentials, Buffer.alloc(0)), 400);
    await problemOf(await upload(credentials, png, ''), 400);
    expect((await upload(credentials, png)).status).toBe(201);
  });

  it('takes a file whose first bytes are its declared type, and refuses one that is not (415)', async () => {
    const credentials = await t.startConversation();
    const file = (text: string) => Buffer.from(text, 'latin1');
    const taken: [Buffer, string][] = [
      [png, 'image/png'],
      [file('\xff\xd8\xff\xe0\0\x10JFIF'), 'image/jpeg'],
      [file('GIF89a\x01\0\x01\0'), 'image/gif'],
      [file('RIFF\x24\0\0\0WEBPVP8 '), 'image/webp'],
      [file('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
      [Buffer.from('Order 1234: size M → L, merci ✓\n'), 'text/plain'],
    ];
    for (const [body, type] of taken) {
      expect((await upload(credentials, body, '?filename=f', type)).status, type).toBe(201);
    }
    const refused: [Buffer, string, RegExp][] = [
      [
        file('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        'image/png',
        /not image\/png: it is markup \(SVG, HTML or XML\)/,
      ],
      [
        Buffer.from('\ufeff  <!doctype html><script>alert(1)</script>'),
        'application/pdf',
        /markup/,
      ],
      [PNG_SIGNATURE.subarray(0, 4), 'image/png', /not image\/png: its first bytes are not/],
      [png, 'image/jpeg', /not image\/jpeg: its first bytes are those of image\/png/],
      [file('RIFF\x24\0\0\0WAVEfmt '), 'image/webp', /not image\/webp/],
      [file('%PDF'), 'application/pdf', /not application\/pdf/],
      [file('hello\0world'), 'text/plain', /UTF-8 text, with no NUL bytes/],
      [file('caf\xe9'), 'text/plain', /UTF-8/],
    ];
    for (const [body, type, detail] of refused) {
      const problem = await problemOf(await upload(credentials, body, '?filename=f', type), 415);
      expect(problem.detail, type).toMatch(detail);
    }
    const upstream = await t.upstreamOf(credentials.conversationId);
    expect(upstream.attachments).toHaveLength(taken.length);
  });
});

describe('GET /v1/conversations/{id}/transcript', () => {
  it('pages through the log with after and limit', async () => {
    const credentials = await t.startConversation();
    for (let n = 0; n < 5; n++) await t.send(credentials, `page-message-${n}`, `m${n}`);
    const read = async (query: string) =>
      (await (
        await t.call(`${route(credentials, 'transcript')}${query}`, { token: credentials.token })
      ).json()) as TranscriptPage;
    const all = await read('');
    const first = await read('?limit=3');
    expect(first.events.map((e) => e.id)).toEqual(all.events.slice(0, 3).map((e) => e.id));
    expect(first.next).toBe(first.events.at(-1)!.id);
    const rest = await read(`?after=${first.next}&limit=500`);
    expect([...first.events, ...rest.events]).toEqual(all.events);
    expect(rest.next).toBeUndefined();
    await problemOf(
      await t.call(`${route(credentials, 'transcript')}?limit=100000`, {
        token: credentials.token,
      }),
      400,
    );
    await problemOf(await t.call(route(credentials, 'transcript')), 401);
  });

  it('answers every kind of event with every field it has, as the log holds it', async () => {
    const credentials = await t.startConversation();
    const attachment = {
      id: 'a1',
      name: 'plan.pdf',
      kind: 'file' as const,
      url: 'https://files.example/plan.pdf',
      sizeInBytes: 1234,
    };
    const events: ParleyEvent[] = [
      { type: 'conversation', state: 'queued', queueName: 'Support', position: 2 },
      { type: 'participant', change: 'joined', role: 'agent', participantId: 'p1', name: 'Bo' },
      { type: 'transferred' },
      {
        type: 'message',
        messageId: 'm1',
        role: 'agent',
        authorName: 'Bo',
        text: 'Here',
        attachments: [attachment],
        quickReplies: [{ title: 'Yes', payload: 'yes' }],
        clientMessageId: 'client-m1',
        sentAt: '2024-05-01T10:00:00.000Z',
      },
      { type: 'typing', role: 'agent', typing: true },
      { type: 'message-status', clientMessageId: 'client-m1', status: 'failed', reason: 'No.' },
    ];
    // A field added later reaches the widget too: an event never loses one on the way out.
    const later = { type: 'typing', role: 'bot', typing: false, mood: 'cheerful' } as ParleyEvent;
    await t.parley.store.events.append(credentials.conversationId, [...events, later]);
    const response = await t.call(`${route(credentials, 'transcript')}?limit=500`, {
      token: credentials.token,
    });
    const page = (await response.json()) as TranscriptPage;
    // Every field as logged, but the attachment's link: the proxy's own download route.
    const download = new RegExp(
      `^${t.origin}/v1/conversations/${credentials.conversationId}/attachments/a1/content\\?token=`,
    );
    const linked = <E extends ParleyEvent>(event: E): E =>
      event.type === 'message'
        ? {
            ...event,
            attachments: event.attachments.map((file) => ({
              ...file,
              url: expect.stringMatching(download),
            })),
          }
        : event;
    expect(page.events).toEqual((await t.logOf(credentials.conversationId)).map(linked));
    expect(page.events.slice(-7).map(({ id: _id, at: _at, ...event }) => event)).toEqual(
      [...events, later].map(linked),
    );
  });
});

describe('GET /v1/conversations/{id}/events', () => {
  it('refuses a missing, expired or foreign stream token, and a bad lastEventId, with problems', async () => {
    const mine = await t.startConversation();
    const theirs = await t.startConversation();
    const signer = new TokenSigner(SECRET, 600);
    const expired = signer.issue(mine.conversationId, 'stream', 1, Date.now() - 601_000).token;
    const base = `${t.origin}${route(mine, 'events')}`;
    for (const url of [
      base,
      `${base}?token=${encodeURIComponent(expired)}`,
      `${base}?token=${encodeURIComponent(theirs.streamToken)}`,
    ]) {
      await problemOf(await fetch(url), 401);
    }
    await problemOf(await fetch(t.streamUrl(mine, '&lastEventId=-4')), 400);
  });
});

describe('POST /v1/conversations/{id}/close', () => {
  it('refuses a body over 1 KB and a missing token', async () => {
    const credentials = await t.startConversation();
    await problemOf(
      await t.call(route(credentials, 'close'), {
        body: { pad: 'x'.repeat(2000) },
        token: credentials.token,
      }),
      413,
    );
    await problemOf(await t.call(route(credentials, 'close'), { method: 'POST' }), 401);
  });
});

describe('allowed origins', () => {
  let o: TestParley;
  beforeAll(async () => {
    o = await startTestParley({ ALLOWED_ORIGINS: 'https://shop.example,https://www.shop.example' });
  });
  afterAll(() => o.close());
  const from = (origin: string) => ({ origin });

  it('answers its allowed origins with CORS headers and no credentials', async () => {
    for (const origin of ['https://shop.example', 'https://www.shop.example']) {
      const created = await o.call('/v1/conversations', { body: {}, headers: from(origin) });
      expect(created.status).toBe(201);
      expect(created.headers.get('access-control-allow-origin')).toBe(origin);
      expect(created.headers.get('access-control-allow-credentials')).toBeNull();
      expect(created.headers.get('vary')).toMatch(/Origin/);
    }
    const preflight = await o.call('/v1/conversations/abc/messages', {
      method: 'OPTIONS',
      headers: { ...from('https://shop.example'), 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    // The JS API's deleteData() is a DELETE from the host page: a browser asks first.
    const deletion = await o.call('/v1/conversations/abc/data', {
      method: 'OPTIONS',
      headers: { ...from('https://shop.example'), 'access-control-request-method': 'DELETE' },
    });
    expect(deletion.status).toBe(204);
    expect(deletion.headers.get('access-control-allow-methods')).toMatch(/\bDELETE\b/);
  });

  it('refuses every other origin on every route, reads and streams included, before 8x8', async () => {
    const created = await o.call('/v1/conversations', {
      body: {},
      headers: from('https://shop.example'),
    });
    const credentials = (await created.json()) as ConversationCredentials;
    const conversations = o.simulator.conversations.size;
    for (const origin of [
      'https://evil.example',
      'https://evil.shop.example',
      'http://shop.example',
      'https://shop.example:8443',
      'null',
      o.origin, // the proxy's own origin is not in the list either
    ]) {
      const attempts = [
        o.call('/v1/conversations', { body: {}, headers: from(origin) }),
        o.call(route(credentials, 'messages'), {
          body: { clientMessageId: 'foreign-0001', text: 'hi' },
          token: credentials.token,
          headers: from(origin),
        }),
        o.call(route(credentials, 'transcript'), {
          token: credentials.token,
          headers: from(origin),
        }),
        fetch(o.streamUrl(credentials), { headers: from(origin) }),
        o.call('/v1/conversations', {
          method: 'OPTIONS',
          headers: { ...from(origin), 'access-control-request-method': 'POST' },
        }),
      ];
      for (const response of await Promise.all(attempts)) {
        const problem = await problemOf(response, 403);
        expect(problem.title).toBe('Origin not allowed');
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    expect(o.simulator.conversations.size).toBe(conversations);
    expect((await o.upstreamOf(credentials.conversationId)).messages).toHaveLength(0);
  });
});

describe('rate limits', () => {
  let r: TestParley;
  beforeAll(async () => {
    r = await startTestParley({
      RATE_LIMIT_CREATE_PER_IP: '3/1m',
      RATE_LIMIT_SEND_PER_IP: '4/1m',
      RATE_LIMIT_SEND_PER_CONVERSATION: '2/1m',
      RATE_LIMIT_TYPING_PER_IP: '3/1m',
      RATE_LIMIT_TYPING_PER_CONVERSATION: '2/1m',
    });
  });
  afterAll(() => r.close());

  const expectLimited = async (response: Response, detail: RegExp) => {
    const problem = await problemOf(response, 429);
    expect(problem.detail).toMatch(detail);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };

  it('limits sends per conversation and per address, before any 8x8 call', async () => {
    const a = await r.startConversation();
    const b = await r.startConversation();
    expect((await r.send(a, 'limit-a-1', '1')).status).toBe(202);
    expect((await r.send(a, 'limit-a-2', '2')).status).toBe(202);
    await expectLimited(await r.send(a, 'limit-a-3', '3'), /per conversation/);
    expect((await r.upstreamOf(a.conversationId)).messages).toHaveLength(2);
    expect((await r.send(b, 'limit-b-1', '1')).status).toBe(202);
    await expectLimited(await r.send(b, 'limit-b-2', '2'), /per address/); // the 5th from here
  });

  it('limits typing per conversation and per address', async () => {
    const c = await r.startConversation();
    const typing = () => r.call(route(c, 'typing'), { body: { typing: true }, token: c.token });
    expect((await typing()).status).toBe(204);
    expect((await typing()).status).toBe(204);
    await expectLimited(await typing(), /typing requests per conversation/);
    await expectLimited(await typing(), /typing requests per address/);
  });

  it('limits new conversations per address, before any 8x8 call', async () => {
    // Three were created above.
    const before = r.simulator.conversations.size;
    await expectLimited(
      await r.call('/v1/conversations', { body: {} }),
      /new conversations per address/,
    );
    expect(r.simulator.conversations.size).toBe(before);
    const metrics = await (await fetch(`${r.origin}/metrics`)).text();
    expect(metrics).toMatch(/^parley_rate_limited_total\{limit="create-per-ip"\} 1$/m);
  });
});

describe('when 8x8 fails', () => {
  it('answers 503 with Retry-After for an outage, 502 for a refusal, and never a 500', async () => {
    const g = await startGatedParley();
    try {
      g.gate.fail(
        { kind: 'status', status: 503 },
        (method, path) => method === 'POST' && path.endsWith('/conversations'),
      );
      const down = await g.call('/v1/conversations', { body: {} });
      const problem = await problemOf(down, 503);
      expect(problem.detail).toMatch(/8x8 answered 503/);
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      g.gate.fail(
        { kind: 'status', status: 403 },
        (method, path) => method === 'POST' && path.endsWith('/conversations'),
      );
      await problemOf(await g.call('/v1/conversations', { body: {} }), 502);
    } finally {
      await g.close();
    }
  });
});
