import { randomBytes } from 'node:crypto';
import { exitOnListenFailure } from '../listen-failure.js';
import { isEntryPoint } from '../paths.js';
import { closeWithServer, openSimulator } from './open-simulator.js';
import { buildSimulatorServer } from './simulator-server.js';

/**
 * `npm run simulator`: the 8x8 simulator on its own, for a proxy configured as
 * against 8x8 (CC_BASE_URL pointing here), for `npm run 8x8:setup`, and for
 * tests and benchmarks that drive it over HTTP. Prints its address and keys.
 *
 * SIMULATOR_HOST (127.0.0.1), SIMULATOR_PORT (8088; 0 picks a free one),
 * SIMULATOR_API_KEY and SIMULATOR_API_SECRET (random when unset),
 * SIMULATOR_TENANT_ID (parleydemo01), SIMULATOR_DATA_FILE (a SQLite file that keeps
 * its set-up and conversations across restarts; unset, it lives in memory).
 */
export async function main() {
  const env = process.env;
  const apiKey = env.SIMULATOR_API_KEY || randomBytes(24).toString('base64url');
  const apiSecret = env.SIMULATOR_API_SECRET || randomBytes(24).toString('base64url');
  const { simulator, storage } = openSimulator(
    {
      apiKey,
      apiSecret,
      ...(env.SIMULATOR_TENANT_ID ? { tenantId: env.SIMULATOR_TENANT_ID } : {}),
    },
    env.SIMULATOR_DATA_FILE || undefined,
  );
  const server = await buildSimulatorServer(simulator, { logLevel: env.LOG_LEVEL || 'warn' });
  closeWithServer(server, simulator, storage);
  const host = env.SIMULATOR_HOST || '127.0.0.1';
  const wanted = Number(env.SIMULATOR_PORT ?? 8088);
  const port = Number.isInteger(wanted) ? wanted : 8088;
  await server.listen({ host, port }).catch((error: unknown) =>
    exitOnListenFailure(error, {
      host,
      port,
      portVariable: 'SIMULATOR_PORT',
      hostVariable: 'SIMULATOR_HOST',
    }),
  );
  const address = server.server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  simulator.baseUrl = url;
  simulator.resumeDeliveries();

  console.log(`8x8 simulator listening on ${url}

  API key        ${apiKey}
  API secret     ${apiSecret}   (the legacy Chat API's OAuth secret)
  Tenant         ${simulator.tenantId}
  Queues         ${simulator.queues.map((queue) => `${queue.id} ${queue.name}`).join(', ')}
  Agent console  ${url}/agent
  Fault control  ${url}/simulator/...   (x-api-key: the API key; see docs/8x8.md)

Configure a proxy against it (start the proxy first, then):
  CC_BASE_URL=${url} CC_API_KEY=${apiKey} npm run 8x8:setup -- --public-url http://127.0.0.1:8080 --queue 101
`);

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (isEntryPoint(import.meta.url)) await main();
