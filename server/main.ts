import { ConfigError, formatSummary, loadConfig } from './config.js';
import { withDemoAgents } from './demo-agent-directory.js';
import { loadDotEnv } from './env-reader.js';
import { EXIT_CONFIG, exitOnListenFailure } from './listen-failure.js';
import { isEntryPoint } from './paths.js';
import { startParley } from './start.js';

/** `npm start`: configuration from the environment (and .env), then the proxy or the demo. */
export async function main() {
  loadDotEnv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = withDemoAgents(loadConfig(process.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  console.log(`Parley configuration (secrets masked):\n${formatSummary(config)}`);

  const parley = await startParley(config).catch((error: unknown) =>
    exitOnListenFailure(error, {
      host: config.host,
      port: config.port,
      portVariable: 'PORT',
      hostVariable: 'HOST',
    }),
  );
  if (parley.demo) {
    // The demo's agent reads what the visitor wrote before replying, so "Seen" shows.
    parley.demo.simulator.faults.variants.set({ agentReadReceipts: 'on-reply' });
    console.log(`
Parley demo is running against the built-in 8x8 simulator.

  Visitor (demo website with the widget):  ${parley.url}/
  Agent console (the simulator):           ${parley.demo.agentUrl}

Open both, start a chat as the visitor, accept it as the agent. Ctrl+C stops.
`);
  } else {
    console.log(`Parley proxy listening on ${parley.url}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    // A second signal means "now": the store is safe either way (every write is committed).
    if (stopping) process.exit(1);
    stopping = true;
    parley.proxy.log.info(
      { signal, drainSeconds: config.shutdownDrainSeconds },
      'shutting down: draining streams',
    );
    await parley.close();
    parley.proxy.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (isEntryPoint(import.meta.url)) await main();
