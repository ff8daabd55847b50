import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { type Config, loadConfig } from '../../server/config.js';
import type { ContactCenterSimulator } from '../../server/simulator/contact-center-simulator.js';
import { type RunningParley, type StartOptions, startParley } from '../../server/start.js';
import { type FaultGate, startFaultGate } from './fault-gate.js';
import { type Simulated8x8, startSimulated8x8 } from './simulated-8x8.js';

const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  SHUTDOWN_DRAIN_SECONDS: '0',
};

/**
 * A real proxy and simulator on loopback (the demo wiring), with a throwaway data directory.
 * `config` sets, after validation, what a test may shorten below what an operator may
 * choose (an interval the real 8x8 would not honour, say), to wait less for the same behaviour.
 */
export async function startTestParley(
  env: Record<string, string> = {},
  options: StartOptions = {},
  config: Partial<Config> = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const parley = await startParley(
    { ...loadConfig({ ...BASE_ENV, DATA_DIR: dataDir, ...env }), ...config },
    options,
  );
  return harness(parley, parley.demo!.simulator, dataDir, async () => {});
}

/**
 * A real proxy configured with 8x8 credentials, whose 8x8 is the simulator behind
 * a fault gate: `gate.fail(...)` makes 8x8 unavailable on the real HTTP path.
 */
export async function startGatedParley(
  env: Record<string, string> = {},
  options: StartOptions = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const upstream: Simulated8x8 = await startSimulated8x8();
  const gate: FaultGate = await startFaultGate(upstream.apiUrl);
  const parley = await startParley(
    loadConfig({
      ...BASE_ENV,
      DATA_DIR: dataDir,
      CC_TIMEOUT_MS: '1000',
      ...upstream.env(gate.url),
      ...env,
    }),
    options,
  );
  upstream.deliverTo(parley.url);
  const t = await harness(parley, upstream.simulator, dataDir, async () => {
    await gate.close();
    await upstream.close();
  });
  return { ...t, gate };
}

async function harness(
  parley: RunningParley,
  simulator: ContactCenterSimulator,
  dataDir: string,
  closeMore: () => Promise<void>,
) {
  const origin = parley.url.replace('localhost', '127.0.0.1');

  /** Calls the proxy as the widget on the demo page does (with the page's Origin). */
  const call = (
    path: string,
    init: {
      method?: string;
      body?: unknown;
      token?: string;
      headers?: Record<string, string>;
    } = {},
  ) =>
    fetch(`${origin}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        origin,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });

  const startConversation = async (body: unknown = { visitor: { name: 'Ada' } }) => {
    const response = await call('/v1/conversations', { body });
    if (response.status !== 201)
      throw new Error(`create failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as ConversationCredentials;
  };

  /** The simulator's conversation behind one of ours. */
  const upstreamOf = async (conversationId: string) => {
    const session = await parley.store.sessions.get(conversationId);
    return simulator.conversation(session!.upstreamId!);
  };

  /** Sends a visitor message as the widget does. */
  const send = (credentials: ConversationCredentials, clientMessageId: string, text: string) =>
    call(`/v1/conversations/${credentials.conversationId}/messages`, {
      body: { clientMessageId, text },
      token: credentials.token,
    });

  /** Every event of a conversation in the log. */
  const logOf = async (conversationId: string) =>
    (await parley.store.events.readAfter(conversationId, 0, 100_000)).events;

  return {
    parley,
    origin,
    simulator,
    dataDir,
    call,
    send,
    logOf,
    startConversation,
    upstreamOf,
    streamUrl: (credentials: ConversationCredentials, query = '') =>
      `${origin}/v1/conversations/${credentials.conversationId}/events?token=${encodeURIComponent(credentials.streamToken)}${query}`,
    async close() {
      await parley.close();
      await closeMore();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestParley = Awaited<ReturnType<typeof harness>>;

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
