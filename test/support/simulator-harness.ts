import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ParleyEvent } from '../../protocol/events.js';
import type { ContactCenterApi } from '../../server/config.js';
import { loadConfig } from '../../server/config.js';
import {
  ContactCenterSimulator,
  DEFAULT_QUEUES,
  GATEWAY_VERSION,
  LEGACY_VERSION,
  type SimulatorOptions,
} from '../../server/simulator/contact-center-simulator.js';
import { buildSimulatorServer } from '../../server/simulator/simulator-server.js';
import { type RunningParley, startParley } from '../../server/start.js';
import { createContactCenter } from '../../server/upstream/create-contact-center.js';
import type { RetryPolicy } from '../../server/upstream/retry.js';
import { eventually } from './demo.js';

/**
 * The 8x8 simulator on its own loopback port, set up as a website owner sets up
 * 8x8 (a webhook of the API's version and a channel), with quick webhook retries.
 */
export async function startSimulator(
  api: ContactCenterApi,
  options: Partial<SimulatorOptions> = {},
) {
  const simulator = new ContactCenterSimulator({
    apiKey: randomBytes(24).toString('base64url'),
    apiSecret: randomBytes(24).toString('base64url'),
    retryDelayMs: () => 20,
    maxRetries: 50,
    ...options,
  });
  const server = await buildSimulatorServer(simulator, { logLevel: 'silent' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  simulator.baseUrl = url;
  const webhook = simulator.createWebhook({
    name: 'Parley test',
    uri: '',
    version: api === 'chat-api' ? LEGACY_VERSION : GATEWAY_VERSION,
  });
  const channel = simulator.createChannel({
    name: 'Parley test',
    webHookId: webhook.id,
    queueId: DEFAULT_QUEUES[0]!.id,
  });
  /** The proxy's environment for this simulator. */
  const env: Record<string, string> = {
    CC_API: api,
    CC_BASE_URL: url,
    CC_API_KEY: simulator.apiKey,
    CC_CHANNEL_ID: channel.id,
    ...(api === 'chat-api'
      ? { CC_API_SECRET: simulator.apiSecret, CC_TENANT_ID: simulator.tenantId }
      : {}),
  };
  return {
    simulator,
    url,
    webhook,
    channel,
    env,
    /** An adapter of this API, configured for this simulator. */
    adapter(
      overrides: Record<string, string> = {},
      retry: Partial<RetryPolicy> = { baseDelayMs: 5, maxDelayMs: 20 },
    ) {
      const config = loadConfig({ ...env, LOG_LEVEL: 'silent', ...overrides }).contactCenter!;
      return createContactCenter(config, retry);
    },
    close: () => server.close(),
  };
}

export type TestSimulator = Awaited<ReturnType<typeof startSimulator>>;

/** A proxy configured for the simulator (not the demo), the simulator's webhook pointing at it. */
export async function startProxyFor(sim: TestSimulator, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-contract-'));
  const parley: RunningParley = await startParley(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...sim.env,
      ...env,
    }),
  );
  const origin = parley.url.replace('localhost', '127.0.0.1');
  sim.webhook.uri = `${origin}/webhooks/8x8`;

  /** Parley events the proxy stored for a conversation, in order (ids and times dropped). */
  const events = async (conversationId: string): Promise<ParleyEvent[]> => {
    const read = await parley.store.events.readAfter(conversationId, 0, 1000);
    return read.events.map(({ id: _id, at: _at, ...event }) => event as ParleyEvent);
  };

  return {
    parley,
    origin,
    events,
    /** Waits until the conversation's events satisfy `check`; answers them. */
    async waitForEvents(conversationId: string, check: (events: ParleyEvent[]) => boolean) {
      let last: ParleyEvent[] = [];
      const matches = async () => {
        last = await events(conversationId);
        return check(last);
      };
      await eventually(matches, 5000).catch(() => {
        throw new Error(`events never matched; got ${JSON.stringify(last, null, 1)}`);
      });
      return last;
    },
    /** Starts a conversation as the widget does; answers our id and 8x8's. */
    async startConversation(body: unknown = { visitor: { name: 'Ada' } }) {
      const response = await fetch(`${origin}/v1/conversations`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`create: ${response.status}`);
      const { conversationId, token } = (await response.json()) as {
        conversationId: string;
        token: string;
      };
      const session = await parley.store.sessions.get(conversationId);
      return { conversationId, token, upstreamId: session!.upstreamId! };
    },
    /** Posts a visitor message as the widget does; answers the proxy's response. */
    sendMessage(conversationId: string, token: string, clientMessageId: string, text: string) {
      return fetch(`${origin}/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { origin, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId, text }),
      });
    },
    async close() {
      await parley.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestProxy = Awaited<ReturnType<typeof startProxyFor>>;

/**
 * A simulator of `api` and a proxy for it (with `proxyEnv`), started before the
 * suite's tests and closed after them: read `sim` and `proxy` in the tests.
 */
export function simulatorAndProxyPerSuite(
  api: ContactCenterApi,
  proxyEnv: (sim: TestSimulator) => Record<string, string> = () => ({}),
) {
  const running = {} as { sim: TestSimulator; proxy: TestProxy };
  beforeAll(async () => {
    running.sim = await startSimulator(api);
    running.proxy = await startProxyFor(running.sim, proxyEnv(running.sim));
  });
  afterAll(async () => {
    await running.proxy.close();
    await running.sim.close();
  });
  return running;
}
