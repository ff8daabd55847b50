import { startProxyFor, startSimulator } from './simulator-harness.js';

/**
 * The OpenAPI document a production proxy (8x8 credentials, not the demo) serves,
 * and every route it registered: what docs/openapi.json must equal.
 */
export async function servedOpenApi() {
  const sim = await startSimulator('chat-gateway');
  const proxy = await startProxyFor(sim);
  try {
    const response = await fetch(`${proxy.parley.url}/v1/openapi.json`);
    return {
      status: response.status,
      document: (await response.json()) as Record<string, unknown>,
      routes: proxy.parley.parts.routes,
    };
  } finally {
    await proxy.close();
    await sim.close();
  }
}
