import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { projectRoot } from '../../server/paths.js';
import { eventually } from '../support/demo.js';
import { startLossyHop } from '../support/lossy-hop.js';
import { type ProxyProcess, startProxyProcess } from '../support/proxy-process.js';
import { startSimulated8x8 } from '../support/simulated-8x8.js';
import { SseClient } from '../support/sse-client.js';

/**
 * Secrets stay where they belong: the 8x8 API key, the token secret, the
 * visitor's tokens and 8x8's webhook signatures never appear in a log line
 * (the proxy as a real process at debug level), in any response but the one
 * that hands the visitor its own tokens, or in the built widget bundle.
 */

const ORIGIN = 'https://shop.example';
const TOKEN_SECRET = 'secret-scan-token-secret-0123456789abcdef';
const closing: (() => Promise<unknown>)[] = [];
let proxy: ProxyProcess;
let apiKey = '';
let credentials: ConversationCredentials;
let signatures: string[] = [];
/** Every response the visitor's browser got, headers and body, but the create/token ones. */
const responses: string[] = [];

async function record(answer: Response): Promise<Response> {
  const head = [...answer.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
  responses.push(`${answer.status}\n${head}\n\n${await answer.clone().text()}`);
  return answer;
}

beforeAll(async () => {
  const upstream = await startSimulated8x8();
  closing.push(() => upstream.close());
  apiKey = upstream.env().CC_API_KEY!;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-secrets-'));
  closing.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  proxy = await startProxyProcess({
    ...upstream.env(),
    PORT: '0',
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: ORIGIN,
    TOKEN_SECRET,
    LOG_LEVEL: 'trace',
  });
  closing.push(() => proxy.kill());
  const hop = await startLossyHop(proxy.url);
  closing.push(() => hop.close());
  upstream.deliverTo(hop.url);
  signatures = hop.signatures;

  const call = (path: string, body?: unknown, token?: string, method = 'POST') =>
    fetch(`${proxy.url}${path}`, {
      method,
      headers: {
        origin: ORIGIN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = await call('/v1/conversations', { visitor: { name: 'Sam' } });
  credentials = (await created.json()) as ConversationCredentials;
  const id = credentials.conversationId;
  const stream = await SseClient.open(
    `${proxy.url}/v1/conversations/${id}/events?token=${encodeURIComponent(credentials.streamToken)}`,
    { origin: ORIGIN },
  );
  const conversation = [...upstream.simulator.conversations.values()].at(-1)!;
  upstream.simulator.accept('agent-alex', conversation.id);
  await record(
    await call(
      `/v1/conversations/${id}/messages`,
      { clientMessageId: 'c-1', text: 'hi' },
      credentials.token,
    ),
  );
  upstream.simulator.agentMessage('agent-alex', conversation.id, 'hello');
  await stream.waitFor((s) => s.events().some((e) => e.type === 'message' && e.role === 'agent'));
  await record(await call(`/v1/conversations/${id}/typing`, { typing: true }, credentials.token));
  await record(
    await call(`/v1/conversations/${id}/transcript`, undefined, credentials.token, 'GET'),
  );
  // Failures too: their problem details must not echo what was sent.
  await record(await call(`/v1/conversations/${id}/messages`, { text: 1 }, credentials.token));
  await record(
    await call(
      `/v1/conversations/${id}/messages`,
      { clientMessageId: 'c-2', text: 'x' },
      `${credentials.token}x`,
    ),
  );
  await record(
    await call(
      `/v1/conversations/${id}/messages`,
      { clientMessageId: 'c-3', text: 'x' },
      credentials.streamToken,
    ),
  );
  await record(
    await fetch(`${proxy.url}/v1/conversations/${id}/events?token=${credentials.token}`, {
      headers: { origin: ORIGIN },
    }),
  );
  await record(await fetch(`${proxy.url}/readyz`));
  await record(await fetch(`${proxy.url}/metrics`));
  await record(
    await fetch(`${proxy.url}/webhooks/8x8`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-8x8-signature': signatures[0] ?? '' },
      body: '{}',
    }),
  );
  stream.close();
  responses.push(stream.frames.map((frame) => JSON.stringify(frame)).join('\n'));
  await eventually(() => upstream.simulator.sender.pending === 0, 10_000);
}, 60_000);

afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
});

const secrets = () => ({
  'the 8x8 API key': apiKey,
  'the token secret': TOKEN_SECRET,
  "the visitor's api token": credentials.token,
  "the visitor's stream token": credentials.streamToken,
  "a token's signature": credentials.token.split('.')[1]!,
  ...Object.fromEntries(
    signatures.map((signature, i) => [`webhook signature ${i + 1}`, signature.split('..')[1]!]),
  ),
});

describe('secrets', () => {
  it('saw webhooks, so their signatures are among the secrets looked for', () => {
    expect(signatures.length).toBeGreaterThan(2);
  });

  it('are in no log line, at trace level', () => {
    const logged = proxy.output();
    expect(logged).toContain('"reqId"');
    for (const [name, value] of Object.entries(secrets())) {
      expect(logged.includes(value), `${name} was logged`).toBe(false);
    }
  });

  it('are in no response the browser got', () => {
    const all = responses.join('\n');
    expect(responses.length).toBeGreaterThan(8);
    for (const [name, value] of Object.entries(secrets())) {
      expect(all.includes(value), `${name} was in a response`).toBe(false);
    }
  });

  it('are not in the built widget bundle, nor is any credential name or key', () => {
    const dir = join(projectRoot, 'dist', 'widget');
    const files = (function walk(at: string): string[] {
      return readdirSync(at).flatMap((name) => {
        const path = join(at, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
    })(dir).filter((path) => /\.(m?js|css|html|json|d\.ts)$/.test(path));
    expect(files.length).toBeGreaterThan(3);
    const bundle = files.map((path) => readFileSync(path, 'utf8')).join('\n');
    for (const [name, value] of Object.entries(secrets())) {
      expect(bundle.includes(value), `${name} is in the bundle`).toBe(false);
    }
    for (const marker of [
      'CC_API_KEY',
      'CC_API_SECRET',
      'TOKEN_SECRET',
      'x-api-key',
      'PRIVATE KEY',
    ]) {
      expect(bundle.includes(marker), `${marker} is in the bundle`).toBe(false);
    }
  });
});
