import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildProxy, type ParleyProxy } from './app.js';
import {
  type Config,
  type ContactCenterApi,
  type ContactCenterConfig,
  presenceQueues,
} from './config.js';
import { TokenSigner } from './http/tokens.js';
import { agentConsole } from './simulator/agent-console.js';
import {
  type ContactCenterSimulator,
  DEFAULT_QUEUES,
  GATEWAY_VERSION,
  LEGACY_VERSION,
  type SimulatorOptions,
} from './simulator/contact-center-simulator.js';
import { closeWithServer, openSimulator } from './simulator/open-simulator.js';
import { buildSimulatorServer } from './simulator/simulator-server.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { loadOrCreateTokenSecret } from './token-secret.js';
import { createContactCenter } from './upstream/create-contact-center.js';
import { jwkKeys } from './upstream/jwk-keys.js';
import { RealtimeMetrics } from './upstream/realtime-metrics.js';

export interface RunningParley {
  /** Where the proxy listens, e.g. http://localhost:8080 */
  url: string;
  proxy: FastifyInstance;
  parts: ParleyProxy;
  store: Store;
  /** The demo's simulator, when no 8x8 credentials are configured. */
  demo?: { simulator: ContactCenterSimulator; agentUrl: string; apiUrl: string };
  /** Graceful shutdown (see ParleyProxy.shutdown), then the store is flushed and closed. */
  close(): Promise<void>;
}

/** Test seams; production passes none. */
export interface StartOptions {
  /** Wraps the opened store, e.g. to interleave writes with a stream's replay. */
  wrapStore?: (store: Store) => Store;
  logStream?: DestinationStream;
  widgetDir?: string;
}

/** The demo's simulator keeps its conversations here, beside the proxy's parley.db. */
export const SIMULATOR_FILE = 'simulator.db';

/** How often old events and expired keys are swept out of the store. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Starts the proxy. With no 8x8 credentials it is the demo: the built-in 8x8
 * simulator starts on its own loopback port, as 8x8's API host, and the proxy
 * talks to it over HTTP exactly as it would to api.8x8.com.
 */
export async function startParley(
  config: Config,
  options: StartOptions = {},
): Promise<RunningParley> {
  const opened = await openStore(config);
  const store = options.wrapStore ? options.wrapStore(opened.store) : opened.store;
  const tokens = new TokenSigner(
    config.tokenSecret ??
      (opened.sharedTokenSecret
        ? await opened.sharedTokenSecret()
        : loadOrCreateTokenSecret(config.dataDir)),
    config.tokenTtlSeconds,
  );

  let demo: Awaited<ReturnType<typeof startDemoSimulator>> | undefined;
  let contactCenterConfig = config.contactCenter;
  if (!contactCenterConfig) {
    try {
      demo = await startDemoSimulator(config.contactCenterApi, config.logLevel, {
        file: join(config.dataDir, SIMULATOR_FILE),
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    contactCenterConfig = demo.contactCenter;
  }
  const contactCenter = createContactCenter(contactCenterConfig);
  const keys = jwkKeys({
    baseUrl: contactCenterConfig.baseUrl,
    region: contactCenterConfig.region,
    timeoutMs: contactCenterConfig.timeoutMs,
  });
  const parts = await buildProxy({
    config,
    store,
    contactCenter,
    keys,
    tokens,
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    queueWaitSource: queueStatistics(contactCenterConfig),
    // The demo's chats go to its channel's queue: its agents are the ones asked about.
    presenceQueues: presenceQueues(config, demo?.queueId),
  });
  const proxy = parts.app;
  if (demo) await proxy.register(agentConsole, { simulator: demo.simulator });

  try {
    await proxy.listen({ host: config.host, port: config.port });
  } catch (error) {
    // A busy port, say: nothing is left open behind the error the caller reports.
    await proxy.close();
    await demo?.server.close();
    await store.close();
    throw error;
  }
  const address = proxy.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  if (demo) {
    // The simulator calls the proxy's webhook on loopback, as 8x8 would call PUBLIC_URL,
    // and delivers what a restart interrupted, as 8x8 keeps retrying.
    const { simulator, webhook } = demo;
    simulator.updateWebhook(webhook.id, {
      ...webhook,
      uri: `http://127.0.0.1:${port}/webhooks/8x8`,
    });
    simulator.resumeDeliveries();
  }

  // Messages a crash left in the outbox go now; retention applies now and then.
  parts.relay.outbox.start();
  parts.deliveries.start();
  parts.relay.queueWaits?.start();
  const sweep = () =>
    store.sweep(Date.now()).catch((error: unknown) => {
      proxy.log.error({ err: error }, 'sweeping old events failed');
    });
  void sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    proxy,
    parts,
    store,
    ...(demo
      ? { demo: { simulator: demo.simulator, agentUrl: `${url}/agent`, apiUrl: demo.apiUrl } }
      : {}),
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await parts.shutdown();
        await demo?.server.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** 8x8's Real-time Metrics API, when an OAuth secret is configured (CC_API_SECRET). */
function queueStatistics(config: ContactCenterConfig): RealtimeMetrics | undefined {
  if (!config.apiSecret) return undefined;
  return new RealtimeMetrics({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    region: config.region,
    timeoutMs: config.timeoutMs,
  });
}

/** Options of the demo's simulator; `file` keeps its state across restarts. */
type DemoSimulatorOptions = Partial<SimulatorOptions> & { file?: string };

const DEMO_NAME = 'Parley demo';

/**
 * The simulator on its own loopback port, set up with a webhook and a channel as
 * 8x8 would be. With a `file` it comes back as it was: the same webhook and
 * channel (found again by name), conversations, signing keys and port.
 */
export async function startDemoSimulator(
  api: ContactCenterApi,
  logLevel: string,
  { file, ...options }: DemoSimulatorOptions = {},
) {
  const apiKey = randomBytes(24).toString('base64url');
  const { simulator, storage } = openSimulator({ apiKey, ...options }, file);
  const server = await buildSimulatorServer(simulator, { logLevel });
  closeWithServer(server, simulator, storage);
  const port = await listenOnLoopback(server, storage?.savedPort());
  storage?.savePort(port);
  const apiUrl = `http://127.0.0.1:${port}`;
  simulator.baseUrl = apiUrl;
  // Configured as a website owner would with `npm run 8x8:setup`; the URI is set once the proxy listens.
  const legacy = api === 'chat-api';
  const version = legacy ? LEGACY_VERSION : GATEWAY_VERSION;
  const webhook =
    [...simulator.webhooks.values()].find((w) => w.name === DEMO_NAME && w.version === version) ??
    simulator.createWebhook({ name: DEMO_NAME, uri: '', version });
  const channel =
    [...simulator.channels.values()].find(
      (c) => c.name === DEMO_NAME && c.webHookId === webhook.id,
    ) ??
    simulator.createChannel({
      name: DEMO_NAME,
      webHookId: webhook.id,
      queueId: DEFAULT_QUEUES[0]!.id,
    });
  const contactCenter: ContactCenterConfig = {
    api,
    baseUrl: apiUrl,
    apiKey,
    // The secret also signs in to the Real-time Metrics API (queue waits), with either chat API.
    apiSecret: simulator.apiSecret,
    ...(legacy ? { tenantId: simulator.tenantId } : {}),
    region: 'us',
    channelId: channel.id,
    timeoutMs: 10_000,
  };
  return { simulator, server, apiUrl, webhook, contactCenter, queueId: channel.routingOptions.id };
}

/** The port it had before when it is free (so download URLs handed out still work), else any. */
async function listenOnLoopback(server: FastifyInstance, port: number | undefined) {
  if (port !== undefined) {
    try {
      await server.listen({ host: '127.0.0.1', port });
      return port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
