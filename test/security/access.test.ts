import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { TokenSigner } from '../../server/http/tokens.js';
import { startTestParley, type TestParley } from '../support/demo.js';
import { SseClient } from '../support/sse-client.js';

/**
 * Who may use a conversation: forged, expired, borrowed and wrong-scope tokens;
 * foreign and missing origins and CSRF-style form posts; headers carrying CR/LF.
 * Each is refused, before anything reaches 8x8.
 */

const SECRET = 'a-test-secret-of-more-than-thirty-two-characters';
const SITE = 'https://shop.example';
let t: TestParley;
let mine: ConversationCredentials;
let theirs: ConversationCredentials;

beforeAll(async () => {
  t = await startTestParley({ TOKEN_SECRET: SECRET, ALLOWED_ORIGINS: SITE });
  const create = async () => {
    const answer = await t.call('/v1/conversations', {
      body: { visitor: { name: 'Ada' } },
      headers: { origin: SITE },
    });
    expect(answer.status).toBe(201);
    return (await answer.json()) as ConversationCredentials;
  };
  mine = await create();
  theirs = await create();
});
afterAll(() => t.close());

const send = (conversationId: string, token: string, headers: Record<string, string> = {}) =>
  t.call(`/v1/conversations/${conversationId}/messages`, {
    body: { clientMessageId: randomUUID(), text: 'hello' },
    token,
    headers: { origin: SITE, ...headers },
  });

async function expectProblem(answer: Response, status: number, detail?: RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await answer.json()) as { detail: string };
  if (detail) expect(problem.detail).toMatch(detail);
}

async function upstreamMessages(credentials: ConversationCredentials) {
  return (await t.upstreamOf(credentials.conversationId)).messages.length;
}

describe('tokens', () => {
  it('accepts the conversation’s own api token (the control)', async () => {
    expect((await send(mine.conversationId, mine.token)).status).toBeLessThan(300);
  });

  const forgedBy = (secret: string, scope: 'api' | 'stream' = 'api', now = Date.now()) =>
    new TokenSigner(secret, 3600).issue(mine.conversationId, scope, 1, now).token;

  it.each([
    ['signed with another secret', () => forgedBy('another-secret-of-more-than-thirty-two-chars')],
    ['expired', () => forgedBy(SECRET, 'api', Date.now() - 2 * 3600 * 1000)],
    ['another conversation’s', () => theirs.token],
    ['the stream token, used for the API', () => mine.streamToken],
    [
      'with its claims swapped for another conversation',
      () => {
        const [, signature] = mine.token.split('.');
        const [payload] = theirs.token.split('.');
        return `${payload}.${signature}`;
      },
    ],
    ['unsigned', () => mine.token.split('.')[0]!],
    ['empty', () => ''],
    ['alg-none style JWT', () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
  ])('refuses a token %s with 401', async (_name, token) => {
    const before = await upstreamMessages(mine);
    await expectProblem(await send(mine.conversationId, token()), 401);
    expect(await upstreamMessages(mine)).toBe(before);
  });

  it('refuses the api token and another conversation’s stream token on the stream', async () => {
    for (const token of [mine.token, theirs.streamToken]) {
      const url = `${t.origin}/v1/conversations/${mine.conversationId}/events?token=${encodeURIComponent(token)}`;
      const stream = await SseClient.open(url, { origin: SITE });
      expect(stream.status).toBe(401);
      stream.close();
    }
  });
});

describe('origins and CSRF', () => {
  it.each([
    ['a foreign origin', { origin: 'https://evil.example' }],
    ['the null origin (sandboxed iframe, file:)', { origin: 'null' }],
    ['a look-alike origin', { origin: 'https://shop.example.evil.example' }],
    ['the allowed host over http', { origin: 'http://shop.example' }],
  ])('refuses %s with 403 and creates nothing', async (_name, headers) => {
    const before = t.simulator.conversations.size;
    const answer = await fetch(`${t.origin}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ visitor: { name: 'Mallory' } }),
    });
    await expectProblem(answer, 403, /ALLOWED_ORIGINS/);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(t.simulator.conversations.size).toBe(before);
  });

  it('answers no CORS preflight for a foreign origin', async () => {
    const answer = await fetch(`${t.origin}/v1/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  const forms: [string, string, string][] = [
    ['text/plain', 'text/plain', '{"visitor":{"name":"csrf"}}'],
    ['urlencoded', 'application/x-www-form-urlencoded', 'visitor=csrf'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="visitor"\r\n\r\ncsrf\r\n--x--\r\n',
    ],
  ];

  it.each(forms)(
    'refuses a %s form post with no origin (403) and creates nothing',
    async (_n, type, body) => {
      const before = t.simulator.conversations.size;
      const answer = await fetch(`${t.origin}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      await expectProblem(answer, 403, /Requests that change state/);
      expect(t.simulator.conversations.size).toBe(before);
    },
  );

  it.each(forms)(
    'refuses a %s "simple request" from a foreign page (403)',
    async (_n, type, body) => {
      const answer = await fetch(`${t.origin}/v1/conversations/${mine.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': type, origin: 'https://evil.example' },
        body,
      });
      await expectProblem(answer, 403);
    },
  );

  it.each(forms)(
    'refuses a %s body even from the allowed origin (JSON only)',
    async (_n, type, body) => {
      const before = t.simulator.conversations.size;
      const answer = await fetch(`${t.origin}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': type, origin: SITE },
        body,
      });
      expect([400, 415]).toContain(answer.status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(t.simulator.conversations.size).toBe(before);
    },
  );
});

/** One raw HTTP/1.1 request, bytes as given; resolves to what came back before the close. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(answer);
    });
    socket.end(request);
  });
}

describe('header injection', () => {
  const port = () => Number(new URL(t.origin).port);

  it.each([
    ['a bare CR in a header value', 'Origin: https://shop.example\rSet-Cookie: a=b'],
    ['a NUL in a header value', 'Origin: https://shop.example\u0000x'],
    ['an obs-fold continuation line', 'Origin: https://shop.example\r\n Set-Cookie: a=b'],
    ['a header name with a space', 'Bad Name: x'],
  ])('refuses %s with 400 and keeps serving', async (_name, header) => {
    const answer = await raw(
      port(),
      `POST /v1/conversations HTTP/1.1\r\nHost: x\r\n${header}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer.toLowerCase()).not.toContain('set-cookie');
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
  });

  it('does not echo a request id that carries anything but an id', async () => {
    const answer = await fetch(`${t.origin}/healthz`, {
      headers: { 'x-request-id': 'abc<script>"; set-cookie=1' },
    });
    expect(answer.headers.get('x-request-id')).not.toContain('<');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a reflected origin out of the headers of a refusal', async () => {
    const answer = await raw(
      port(),
      'POST /v1/conversations HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example/%0d%0aSet-Cookie:%20a=b\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    const head = answer.split('\r\n\r\n')[0]!.toLowerCase();
    expect(head).not.toContain('set-cookie');
    expect(head).not.toContain('access-control-allow-origin');
  });
});
