import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationExport, Rating } from '../../protocol/visitor-data.js';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { eventually, startTestParley, type TestParley } from '../../test/support/demo.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';

/**
 * The survey's answer and the visitor's data on request, over HTTP against a
 * real proxy and simulator, on a SQLite file and on a real redis-server; the
 * export CLI run as a user runs it, on the same data.
 */

const tsx = import.meta.resolve('tsx');

/** `parley export-ratings ...args` in its own process, on the proxy's store. */
function exportRatings(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', tsx, resolve('server/cli/parley.ts'), 'export-ratings', ...args],
    {
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stdout, stderr })),
  );
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

const stores: [string, () => Record<string, string>][] = [
  ['SQLite', () => ({})],
  ['Redis', () => ({ REDIS_URL: `${redis.url}/3` })],
];

describe.each(stores)('on %s', (_name, storeEnv) => {
  let t: TestParley;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-parley', ...storeEnv() };
    t = await startTestParley(env);
    env = { ...env, DATA_DIR: t.dataDir };
  });
  afterAll(() => t?.close());

  const path = (credentials: ConversationCredentials, action: string) =>
    `/v1/conversations/${credentials.conversationId}/${action}`;
  const rate = (credentials: ConversationCredentials, body: unknown) =>
    t.call(path(credentials, 'rating'), { body, token: credentials.token });

  it('offers the survey in the credentials, takes one rating, counts it and posts it to 8x8', async () => {
    const chat = await t.startConversation();
    expect(chat.limits.survey).toBe('stars');
    await t.send(chat, 'client-message-1', 'hello');
    await t.call(path(chat, 'close'), { method: 'POST', token: chat.token });

    const comment = '=HYPERLINK("x"), "quick" and kind';
    const first = await rate(chat, { scale: 'stars', score: 4, comment });
    expect(first.status).toBe(201);
    const rating = (await first.json()) as Rating;
    expect(rating).toMatchObject({ conversationId: chat.conversationId, score: 4, comment });

    const again = await rate(chat, { scale: 'stars', score: 1 });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);

    const upstream = await t.upstreamOf(chat.conversationId);
    await eventually(() => upstream.messages.some((m) => m.text.includes('Rating: 4/5')));
    const posted = upstream.messages.find((m) => m.text.includes('[Parley survey]'));
    expect(posted?.text).toContain(comment);

    const metrics = await (await t.call('/metrics')).text();
    expect(metrics).toMatch(/parley_ratings_total\{scale="stars",score="4"\} 1/);
  });

  it('refuses a wrong rating with a problem naming the field, and one without the token', async () => {
    const chat = await t.startConversation();
    for (const body of [
      { scale: 'stars', score: 6 },
      { scale: 'stars', score: 0 },
      { scale: 'thumbs', score: 3 },
      { scale: 'emoji', score: 3 },
      { scale: 'stars', score: 3, extra: true },
      { scale: 'stars', score: 3, comment: 'x'.repeat(1001) },
    ]) {
      const response = await rate(chat, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/body|score/);
    }
    const anonymous = await t.call(path(chat, 'rating'), { body: { scale: 'stars', score: 5 } });
    expect(anonymous.status).toBe(401);
    expect(await t.parley.store.ratings.get(chat.conversationId)).toBeUndefined();
  });

  it('exports the conversation, deletes it, then answers 404 and deletes again as 204', async () => {
    const chat = await t.startConversation();
    await t.send(chat, 'client-message-1', 'my order number is 42');
    await rate(chat, { scale: 'thumbs', score: 5 });

    const exported = await t.call(path(chat, 'data'), { token: chat.token });
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as ConversationExport;
    expect(data.conversationId).toBe(chat.conversationId);
    expect(data.messages.map((m) => m.text)).toContain('my order number is 42');
    expect(data.events.length).toBeGreaterThanOrEqual(data.messages.length);
    expect(data.rating).toMatchObject({ scale: 'thumbs', score: 5 });

    const deleted = await t.call(path(chat, 'data'), { method: 'DELETE', token: chat.token });
    expect(deleted.status).toBe(204);
    expect(await t.parley.store.sessions.get(chat.conversationId)).toBeUndefined();
    expect(await t.logOf(chat.conversationId)).toEqual([]);
    expect(await t.parley.store.ratings.get(chat.conversationId)).toBeUndefined();

    expect((await t.call(path(chat, 'data'), { token: chat.token })).status).toBe(404);
    const revoked = await t.call(path(chat, 'transcript'), { token: chat.token });
    expect(revoked.status).toBe(401);
    const again = await t.call(path(chat, 'data'), { method: 'DELETE', token: chat.token });
    expect(again.status).toBe(204);
    const other = await t.startConversation();
    const foreign = await t.call(path(chat, 'data'), { method: 'DELETE', token: other.token });
    expect(foreign.status).toBe(401);
  });

  // Two `parley` processes: slow to start on a loaded machine, hence the longer timeout.
  it('exports the ratings with the CLI as CSV (formula-safe) and JSON', {
    timeout: 120_000,
  }, async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const chat = await t.startConversation();
    await rate(chat, { scale: 'stars', score: 2, comment: '@SUM(A1), "too slow"\nsorry' });

    const csv = await exportRatings(['--since', since], env);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('conversationId,createdAt,scale,score,comment');
    expect(csv.stdout).toContain(`${chat.conversationId},`);
    expect(csv.stdout).toContain(`,stars,2,"'@SUM(A1), ""too slow""\nsorry"`);
    expect(csv.stdout).not.toMatch(/,=|,"=/);

    const json = await exportRatings(['--since', since, '--format', 'json'], env);
    const ratings = JSON.parse(json.stdout) as Rating[];
    expect(ratings.find((r) => r.conversationId === chat.conversationId)).toMatchObject({
      score: 2,
      comment: '@SUM(A1), "too slow"\nsorry',
    });
  });
});

describe('SURVEY=off', () => {
  it('offers no survey and takes no rating', async () => {
    const t = await startTestParley({ SURVEY: 'off' });
    try {
      const chat = await t.startConversation();
      expect(chat.limits.survey).toBeUndefined();
      const response = await t.call(`/v1/conversations/${chat.conversationId}/rating`, {
        body: { scale: 'stars', score: 5 },
        token: chat.token,
      });
      expect(response.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
