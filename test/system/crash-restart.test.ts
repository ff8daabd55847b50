import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { eventually } from '../support/demo.js';
import { type FaultGate, startFaultGate } from '../support/fault-gate.js';
import { type ProxyProcess, startProxyProcess } from '../support/proxy-process.js';
import { type Simulated8x8, startSimulated8x8 } from '../support/simulated-8x8.js';
import { SseClient } from '../support/sse-client.js';

/**
 * The proxy killed with SIGKILL, a real child process on a real SQLite file, and
 * started again on the same file: nothing is lost, nothing is doubled. 8x8's
 * webhook retries (the simulator's) cover what was sent while it was down.
 */

const ORIGIN = 'https://shop.example';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

async function setUp(options: { gate?: boolean } = {}) {
  const upstream: Simulated8x8 = await startSimulated8x8();
  cleanup.push(() => upstream.close());
  let gate: FaultGate | undefined;
  if (options.gate) {
    gate = await startFaultGate(upstream.apiUrl);
    cleanup.push(() => gate!.close());
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env = (port: number) => ({
    ...upstream.env(gate?.url),
    PORT: String(port),
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: ORIGIN,
    LOG_LEVEL: 'info',
    OUTBOX_RETRY_BASE_MS: '50',
    OUTBOX_RETRY_MAX_MS: '200',
  });
  const processes: ProxyProcess[] = [];
  const start = async (port = 0) => {
    const proxy = await startProxyProcess(env(port));
    processes.push(proxy);
    cleanup.push(async () => {
      await proxy.kill();
    });
    upstream.deliverTo(proxy.url);
    return proxy;
  };
  const call = (proxy: ProxyProcess, path: string, body: unknown, token?: string) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const create = async (proxy: ProxyProcess) => {
    const response = await call(proxy, '/v1/conversations', { visitor: { name: 'Grace' } });
    expect(response.status).toBe(201);
    const credentials = (await response.json()) as ConversationCredentials;
    const upstreamConversation = [...upstream.simulator.conversations.values()].at(-1)!;
    return { credentials, upstreamId: upstreamConversation.id };
  };
  const streamUrl = (proxy: ProxyProcess, credentials: ConversationCredentials) =>
    `${proxy.url}/v1/conversations/${credentials.conversationId}/events?token=${encodeURIComponent(credentials.streamToken)}`;
  /** Everything both processes printed: no secret may be in it. */
  const output = () => processes.map((proxy) => proxy.output()).join('\n');
  return {
    upstream,
    gate,
    start,
    call,
    create,
    streamUrl,
    output,
    apiKey: upstream.env().CC_API_KEY!,
  };
}

type Agent = { role?: string; text?: string };

// Each test starts, kills and restarts proxy processes (tsx compiling them): 35-40 s alone on a
// two-core machine, over a minute when the rest of the suite runs beside it. No speed is asserted.
describe('a SIGKILL in the middle of a conversation', () => {
  it('loses no agent message and doubles none: the widget resumes from its last id', async () => {
    const s = await setUp();
    const first = await s.start();
    const { credentials, upstreamId } = await s.create(first);
    s.upstream.simulator.accept('agent-alex', upstreamId);
    const before = await SseClient.open(s.streamUrl(first, credentials), { origin: ORIGIN });
    await before.waitFor((c) => c.events().some((e) => e.type === 'participant'));

    const BURST = 300;
    for (let n = 1; n <= BURST; n++) {
      s.upstream.simulator.agentMessage('agent-alex', upstreamId, `burst ${n}`);
    }
    await before.waitFor((c) => c.events().filter((e) => e.type === 'message').length >= 40);
    await first.kill();
    await before.waitFor((c) => c.ended);
    const seenBefore = before.events();
    expect(seenBefore.filter((e) => e.type === 'message').length).toBeLessThan(BURST);

    const second = await s.start(first.port);
    const lastId = seenBefore.at(-1)!.id;
    // As EventSource reconnects: the Last-Event-ID header.
    const after = await SseClient.open(s.streamUrl(second, credentials), {
      origin: ORIGIN,
      'last-event-id': String(lastId),
    });
    const messages = () =>
      [...seenBefore, ...after.events()].filter((e) => e.type === 'message') as Agent[];
    await after.waitFor(() => messages().length >= BURST, 30_000);
    // The visitor's token still works, and so does sending.
    const sent = await s.call(
      second,
      `/v1/conversations/${credentials.conversationId}/messages`,
      { clientMessageId: 'after-restart', text: 'still there?' },
      credentials.token,
    );
    expect(await sent.json()).toMatchObject({ status: 'sent' });
    await eventually(() => s.upstream.simulator.sender.pending === 0, 10_000);
    after.close();

    const ids = [...seenBefore, ...after.events()].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0]! + i));
    const agentTexts = messages()
      .filter((e) => e.role === 'agent')
      .map((e) => e.text);
    expect(agentTexts).toEqual(Array.from({ length: BURST }, (_, i) => `burst ${i + 1}`));

    // No log line of either process shows a token or the API key.
    const printed = s.output();
    expect(printed).toContain('"reqId"'); // JSON lines, with the request id
    expect(printed).toContain('token=[redacted]'); // the stream's URL was logged, masked
    for (const secret of [credentials.token, credentials.streamToken, s.apiKey]) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).not.toContain(credentials.streamToken.split('.')[1]);
  }, 150_000);

  it('keeps a message 8x8 could not take yet, and delivers it once after the restart', async () => {
    const s = await setUp({ gate: true });
    const first = await s.start();
    const { credentials, upstreamId } = await s.create(first);
    s.gate!.fail({ kind: 'status', status: 503 }, (_method, path) => path.endsWith('/messages'));
    const path = `/v1/conversations/${credentials.conversationId}/messages`;
    const answer = await s.call(
      first,
      path,
      { clientMessageId: 'kept-0001', text: 'kept' },
      credentials.token,
    );
    expect(await answer.json()).toMatchObject({ status: 'pending' });
    await first.kill();

    s.gate!.heal();
    const second = await s.start(first.port);
    await eventually(
      () => s.upstream.simulator.conversation(upstreamId).messages.length > 0,
      10_000,
    );
    // The widget retries its send after the reload: answered from the outbox, not posted again
    // (once 8x8's answer is recorded, a moment after 8x8 has the message).
    const repeat = async () => {
      const answer = await s.call(
        second,
        path,
        { clientMessageId: 'kept-0001', text: 'kept' },
        credentials.token,
      );
      return ((await answer.json()) as { status: string }).status;
    };
    await eventually(async () => (await repeat()) === 'sent', 10_000);
    expect(s.upstream.simulator.conversation(upstreamId).messages.map((m) => m.text)).toEqual([
      'kept',
    ]);
    const stream = await SseClient.open(s.streamUrl(second, credentials), { origin: ORIGIN });
    await stream.waitFor((c) =>
      c.events().some((e) => e.type === 'message-status' && e.status === 'sent'),
    );
    stream.close();
    const statuses = stream
      .events()
      .filter((e) => e.type === 'message-status')
      .map((e) => e.status);
    expect(statuses).toEqual(['pending', 'sent']);

    // SIGTERM is the graceful way out: drained, closed, exit code 0.
    expect(await second.stop()).toBe(0);
    expect(second.output()).toContain('"msg":"stopped"');
  }, 150_000);
});
