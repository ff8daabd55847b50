import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { type LoadBalancer, startLoadBalancer } from './load-balancer.js';
import { type ProxyProcess, startProxyProcess } from './proxy-process.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { type Simulated8x8, startSimulated8x8 } from './simulated-8x8.js';

/**
 * The scale-out deployment for tests: a real redis-server, the 8x8 simulator,
 * `instances` proxy processes on that Redis (each its own data directory, no
 * shared TOKEN_SECRET: they share the one Redis keeps) and a load balancer in
 * front, where the simulator's webhooks go, so they spread over the instances.
 */
export async function startScaleOut(options: { instances: number; origin: string }) {
  const redis: RedisServer = await startRedisServer();
  const upstream: Simulated8x8 = await startSimulated8x8();
  const dirs: string[] = [];
  const env = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-scale-'));
    dirs.push(dir);
    return {
      ...upstream.env(),
      PORT: '0',
      DATA_DIR: dir,
      REDIS_URL: redis.url,
      ALLOWED_ORIGINS: options.origin,
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_SECONDS: '0',
    };
  };
  const instances: ProxyProcess[] = [];
  for (let n = 0; n < options.instances; n++) instances.push(await startProxyProcess(env()));
  const balancer: LoadBalancer = await startLoadBalancer(instances.map((proxy) => proxy.url));
  upstream.deliverTo(balancer.url);

  const call = (base: string, path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        origin: options.origin,
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });

  return {
    redis,
    upstream,
    instances,
    balancer,
    call,
    /** A visitor starts a chat through the balancer; answers its credentials and 8x8's id. */
    async createConversation(name: string) {
      const response = await call(balancer.url, '/v1/conversations', { visitor: { name } });
      if (response.status !== 201) throw new Error(`create: ${response.status}`);
      const credentials = (await response.json()) as ConversationCredentials;
      const upstreamId = [...upstream.simulator.conversations.values()].at(-1)!.id;
      return { credentials, upstreamId };
    },
    streamUrl(base: string, credentials: ConversationCredentials) {
      return `${base}/v1/conversations/${credentials.conversationId}/events?token=${encodeURIComponent(credentials.streamToken)}`;
    },
    /** Everything every instance printed. */
    output: () => instances.map((proxy) => proxy.output()).join('\n'),
    async close() {
      await balancer.close();
      for (const proxy of instances) await proxy.kill();
      await upstream.close();
      await redis.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ScaleOut = Awaited<ReturnType<typeof startScaleOut>>;
