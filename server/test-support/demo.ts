import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import type { ConversationCredentials } from '../protocol.js';
import { type RunningParley, type StartOptions, startParley } from '../start.js';

/** A real proxy and simulator on loopback, with a throwaway data directory. */
export async function startTestParley(
  env: Record<string, string> = {},
  options: StartOptions = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const parley: RunningParley = await startParley(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SHUTDOWN_DRAIN_SECONDS: '0',
      ...env,
    }),
    options,
  );
  const origin = parley.url.replace('localhost', '127.0.0.1');
  const simulator = parley.demo!.simulator;

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

  return {
    parley,
    origin,
    simulator,
    dataDir,
    call,
    startConversation,
    upstreamOf,
    streamUrl: (credentials: ConversationCredentials, query = '') =>
      `${origin}/v1/conversations/${credentials.conversationId}/events?token=${encodeURIComponent(credentials.streamToken)}${query}`,
    async close() {
      await parley.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestParley = Awaited<ReturnType<typeof startTestParley>>;

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
