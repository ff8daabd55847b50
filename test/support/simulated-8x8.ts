import type { SimulatorOptions } from '../../server/simulator/contact-center-simulator.js';
import { startDemoSimulator } from '../../server/start.js';

/**
 * The 8x8 simulator on its own loopback port, configured as a website owner
 * configures 8x8 (a webhook and a ChatAPI channel), for a proxy started with
 * real credentials (CC_BASE_URL, CC_API_KEY, CC_CHANNEL_ID) rather than the demo.
 * Webhook retries are quick, so tests of outages do not wait for minutes.
 */
export async function startSimulated8x8(options: Partial<SimulatorOptions> = {}) {
  const { simulator, server, apiUrl, webhook, contactCenter } = await startDemoSimulator(
    'chat-gateway',
    'silent',
    {
      retryDelayMs: () => 50,
      maxRetries: 600,
      ...options,
    },
  );
  return {
    simulator,
    apiUrl,
    /** The proxy's environment to reach this 8x8 at `baseUrl` (the simulator or a gate before it). */
    env: (baseUrl = apiUrl): Record<string, string> => ({
      CC_BASE_URL: baseUrl,
      CC_API_KEY: contactCenter.apiKey,
      CC_CHANNEL_ID: contactCenter.channelId,
    }),
    /** Where 8x8 sends its webhooks: the proxy's /webhooks/8x8. */
    deliverTo(proxyUrl: string) {
      webhook.uri = `${proxyUrl.replace('localhost', '127.0.0.1')}/webhooks/8x8`;
    },
    close: () => server.close(),
  };
}

export type Simulated8x8 = Awaited<ReturnType<typeof startSimulated8x8>>;
