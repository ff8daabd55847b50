import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenSigner } from '../../server/http/tokens.js';
import {
  ContactCenterSimulator,
  DEFAULT_QUEUES,
} from '../../server/simulator/contact-center-simulator.js';
import { buildSimulatorServer } from '../../server/simulator/simulator-server.js';
import { openRedisStore } from '../../server/store/redis/redis-store.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/store.js';
import { type RedisServer, startRedisServer } from '../../test/support/redis-server.js';
import { stopChild, waitForHealth } from './child-process.js';
import { freePort } from './free-port.js';
import { probeSetup } from './probe.js';

/**
 * The system under test: the built proxy (`node dist/server/main.js`) as its own
 * process (or, with `redis`, two of them on one real redis-server), configured
 * like production against the 8x8 simulator, which runs in the benchmark process
 * (it serves the JWK the proxy verifies with; the load generator signs with the
 * simulator's key). Conversations are seeded through the Store interface and
 * tokens minted with the proxy's TOKEN_SECRET, so that ten thousand visitors do
 * not first cost ten thousand 8x8 round trips.
 */
export interface ParleyUnderTest {
  /** One port per instance. */
  ports: number[];
  pids: number[];
  simulator: ContactCenterSimulator;
  conversations: string[];
  upstreamIdOf: (conversationIndex: number) => string;
  streamPath: (conversationIndex: number) => string;
  apiToken: (conversationIndex: number) => string;
  stop(): Promise<void>;
}

const RETENTION = {
  maxEventsPerConversation: 5000,
  maxEventAgeMs: 30 * 24 * 3600_000,
  keepSettledMessagesMs: 24 * 3600_000,
};

export async function startParleyUnderTest(options: {
  conversations: number;
  env?: Record<string, string> | undefined;
  /** Two instances sharing a Redis store instead of one on SQLite. */
  redis?: boolean | undefined;
}): Promise<ParleyUnderTest> {
  const apiKey = randomBytes(16).toString('hex');
  const simulator = new ContactCenterSimulator({ apiKey });
  const simServer = await buildSimulatorServer(simulator, { logLevel: 'error' });
  await simServer.listen({ host: '127.0.0.1', port: 0 });
  const simAddress = simServer.server.address();
  const simUrl = `http://127.0.0.1:${typeof simAddress === 'object' && simAddress ? simAddress.port : 0}`;
  simulator.baseUrl = simUrl;

  const ports = await Promise.all((options.redis ? [0, 1] : [0]).map(() => freePort()));
  const webhook = simulator.createWebhook({
    name: 'bench',
    uri: `http://127.0.0.1:${ports[0]}/webhooks/8x8`,
    version: 'Chat Gateway v1.0',
  });
  const channel = simulator.createChannel({
    name: 'bench',
    webHookId: webhook.id,
    queueId: DEFAULT_QUEUES[0]!.id,
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const tokenSecret = randomBytes(48).toString('base64url');
  const conversations = Array.from({ length: options.conversations }, (_, i) => `bench-${i}`);
  const upstreamIdOf = (i: number) => `up-${i}`;
  let redis: RedisServer | undefined;
  let store: Store;
  if (options.redis) {
    redis = await startRedisServer();
    store = await openRedisStore(redis.url, RETENTION);
  } else {
    store = openSqliteStore(join(dataDir, 'parley.db'), RETENTION);
  }
  for (const [i, conversationId] of conversations.entries()) {
    await store.sessions.create({
      conversationId,
      upstreamId: upstreamIdOf(i),
      createdAt: new Date().toISOString(),
      status: 'open',
      tokenVersion: 1,
    });
  }
  await store.close();

  // BENCH_CPU_PROF=1 writes a V8 CPU profile of the proxy to bench/results/profiles/ (open it in Chrome DevTools).
  // BENCH_PROXY_FLAGS adds Node flags to the proxy (e.g. --trace-gc).
  // BENCH_PROBE=1 loads the event-loop and GC probe (see probe.ts).
  const probe = probeSetup();
  const profile = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : []),
    ...(process.env.BENCH_PROXY_FLAGS?.split(' ').filter(Boolean) ?? []),
    ...probe.flags,
  ];
  const children = ports.map((port) =>
    spawn(process.execPath, [...profile, 'dist/server/main.js'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        TOKEN_SECRET: tokenSecret,
        CC_BASE_URL: simUrl,
        CC_API_KEY: apiKey,
        CC_CHANNEL_ID: channel.id,
        LOG_LEVEL: 'warn',
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...options.env,
        ...probe.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  await Promise.all(children.map((child, i) => waitForHealth(ports[i]!, child, 'the proxy')));

  const tokens = new TokenSigner(tokenSecret, 24 * 60 * 60);
  return {
    ports,
    pids: children.map((child) => child.pid!),
    simulator,
    conversations,
    upstreamIdOf,
    streamPath: (i) =>
      `/v1/conversations/${conversations[i]}/events?token=${tokens.issue(conversations[i]!, 'stream', 1).token}`,
    apiToken: (i) => tokens.issue(conversations[i]!, 'api', 1).token,
    async stop() {
      // SIGTERM first: a graceful exit is what writes the CPU profile.
      await Promise.all(children.map(stopChild));
      await simServer.close();
      await redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
