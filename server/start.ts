import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildProxy } from './app.js';
import type { Config, ContactCenterConfig } from './config.js';
import { TokenSigner } from './http/tokens.js';
import { agentConsole } from './simulator/agent-console.js';
import {
  ContactCenterSimulator,
  DEFAULT_QUEUES,
  GATEWAY_VERSION,
  LEGACY_VERSION,
} from './simulator/contact-center-simulator.js';
import { buildSimulatorServer } from './simulator/simulator-server.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { loadOrCreateTokenSecret } from './token-secret.js';
import { createContactCenter } from './upstream/create-contact-center.js';
import { jwkKeys } from './upstream/jwk-keys.js';

export interface RunningParley {
  /** Where the proxy listens, e.g. http://localhost:8080 */
  url: string;
  proxy: FastifyInstance;
  store: Store;
  /** The demo's simulator, when no 8x8 credentials are configured. */
  demo?: { simulator: ContactCenterSimulator; agentUrl: string; apiUrl: string };
  close(): Promise<void>;
}

/**
 * Starts the proxy. With no 8x8 credentials it is the demo: the built-in 8x8
 * simulator starts on its own loopback port, as 8x8's API host, and the proxy
 * talks to it over HTTP exactly as it would to api.8x8.com.
 */
export async function startParley(config: Config): Promise<RunningParley> {
  const store = openSqliteStore(join(config.dataDir, 'parley.db'), {
    maxEventsPerConversation: config.maxEventsPerConversation,
  });
  const tokens = new TokenSigner(
    config.tokenSecret ?? loadOrCreateTokenSecret(config.dataDir),
    config.tokenTtlSeconds,
  );

  let demo: Awaited<ReturnType<typeof startDemoSimulator>> | undefined;
  let contactCenterConfig = config.contactCenter;
  if (!contactCenterConfig) {
    demo = await startDemoSimulator(config);
    contactCenterConfig = demo.contactCenter;
  }
  const contactCenter = createContactCenter(contactCenterConfig);
  const keys = jwkKeys({
    baseUrl: contactCenterConfig.baseUrl,
    region: contactCenterConfig.region,
    timeoutMs: contactCenterConfig.timeoutMs,
  });
  const proxy = await buildProxy({ config, store, contactCenter, keys, tokens });
  if (demo) await proxy.register(agentConsole, { simulator: demo.simulator });

  await proxy.listen({ host: config.host, port: config.port });
  const address = proxy.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  // The simulator calls the proxy's webhook on loopback, as 8x8 would call PUBLIC_URL.
  if (demo) demo.webhook.uri = `http://127.0.0.1:${port}/webhooks/8x8`;

  return {
    url,
    proxy,
    store,
    ...(demo
      ? { demo: { simulator: demo.simulator, agentUrl: `${url}/agent`, apiUrl: demo.apiUrl } }
      : {}),
    async close() {
      await proxy.close();
      await demo?.server.close();
      await store.close();
    },
  };
}

async function startDemoSimulator(config: Config) {
  const apiKey = randomBytes(24).toString('base64url');
  const simulator = new ContactCenterSimulator({ apiKey });
  const server = await buildSimulatorServer(simulator, { logLevel: config.logLevel });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  simulator.baseUrl = apiUrl;
  // Configured as a website owner would with `npm run 8x8:setup`; the URI is set once the proxy listens.
  const legacy = config.contactCenterApi === 'chat-api';
  const webhook = simulator.createWebhook({
    name: 'Parley demo',
    uri: '',
    version: legacy ? LEGACY_VERSION : GATEWAY_VERSION,
  });
  const channel = simulator.createChannel({
    name: 'Parley demo',
    webHookId: webhook.id,
    queueId: DEFAULT_QUEUES[0]!.id,
  });
  const contactCenter: ContactCenterConfig = {
    api: config.contactCenterApi,
    baseUrl: apiUrl,
    apiKey,
    ...(legacy ? { apiSecret: simulator.apiSecret, tenantId: simulator.tenantId } : {}),
    region: 'us',
    channelId: channel.id,
    timeoutMs: 10_000,
  };
  return { simulator, server, apiUrl, webhook, contactCenter };
}
