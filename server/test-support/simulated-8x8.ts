import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ContactCenterSimulator,
  DEFAULT_QUEUES,
  type SimulatorOptions,
} from '../simulator/contact-center-simulator.js';
import { buildSimulatorServer } from '../simulator/simulator-server.js';

/**
 * The 8x8 simulator on its own loopback port, configured as a website owner
 * configures 8x8 (a webhook and a ChatAPI channel), for a proxy started with
 * real credentials (CC_BASE_URL, CC_API_KEY, CC_CHANNEL_ID) rather than the demo.
 * Webhook retries are quick, so tests of outages do not wait for minutes.
 */
export async function startSimulated8x8(options: Partial<SimulatorOptions> = {}) {
  const apiKey = randomBytes(24).toString('base64url');
  const simulator = new ContactCenterSimulator({
    apiKey,
    retryDelayMs: () => 50,
    maxRetries: 600,
    ...options,
  });
  const server = await buildSimulatorServer(simulator, { logLevel: 'silent' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const apiUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  simulator.baseUrl = apiUrl;
  const webhook = simulator.createWebhook({
    name: 'Parley test',
    uri: '',
    version: 'Chat Gateway v1.0',
  });
  const channel = simulator.createChannel({
    name: 'Parley test',
    webHookId: webhook.id,
    queueId: DEFAULT_QUEUES[0]!.id,
  });
  return {
    simulator,
    apiUrl,
    /** The proxy's environment to reach this 8x8 at `baseUrl` (the simulator or a gate before it). */
    env: (baseUrl = apiUrl): Record<string, string> => ({
      CC_BASE_URL: baseUrl,
      CC_API_KEY: apiKey,
      CC_CHANNEL_ID: channel.id,
    }),
    /** Where 8x8 sends its webhooks: the proxy's /webhooks/8x8. */
    deliverTo(proxyUrl: string) {
      webhook.uri = `${proxyUrl.replace('localhost', '127.0.0.1')}/webhooks/8x8`;
    },
    close: () => server.close(),
  };
}

export type Simulated8x8 = Awaited<ReturnType<typeof startSimulated8x8>>;
