#!/usr/bin/env node
import { ConfigError, formatSummary, loadConfig } from '../config.js';
import { loadDotEnv } from '../env-reader.js';

/**
 * `parley <command>`: the package's one command. Each command is a thin door to
 * the code `npm start`, `npm run simulator` and `npm run 8x8:setup` run, so the
 * two ways in cannot behave differently.
 */

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
}

const ENVIRONMENT = `Configuration comes from environment variables and, when present, ./.env
(variables already in the environment win). Every variable: docs/configuration.md.`;

const commands: Record<string, Command> = {
  start: {
    summary: 'run the proxy (the demo with the built-in 8x8 simulator when CC_API_KEY is unset)',
    usage: `Usage: parley start

Runs the proxy on HOST:PORT (default 0.0.0.0:8080). With no CC_API_KEY it is the
demo: a built-in 8x8 simulator starts too (keeping its conversations in
DATA_DIR/simulator.db across restarts), and the proxy serves a demo page at /
and the simulator's agent console at /agent. SIGTERM drains the event streams
and stops. Exit code 78 means the configuration is invalid (or HOST/PORT cannot
be used), 75 that PORT is in use by another process.

${ENVIRONMENT}`,
    run: async () => {
      const { main } = await import('../main.js');
      await main();
    },
  },
  simulator: {
    summary: 'run the 8x8 simulator on its own (for 8x8:setup and a proxy set up like production)',
    usage: `Usage: parley simulator

Runs a contact center on loopback that speaks 8x8's wire protocols (REST,
signed webhooks, keys), with an agent console at /agent. Prints its address,
API key and queues.

Environment: SIMULATOR_HOST (127.0.0.1), SIMULATOR_PORT (8088; 0 picks a free
port), SIMULATOR_API_KEY and SIMULATOR_API_SECRET (random when unset),
SIMULATOR_TENANT_ID (parleydemo01), SIMULATOR_DATA_FILE (a SQLite file that
keeps its state across restarts; unset, it keeps nothing), LOG_LEVEL (warn).`,
    run: async () => {
      const { main } = await import('../simulator/main.js');
      await main();
    },
  },
  '8x8:setup': {
    summary: 'create (or reuse) the 8x8 webhook and chat channel for this proxy',
    usage: '',
    run: async (args) => {
      const { main } = await import('./setup-8x8.js');
      await main(args);
    },
  },
  'export-ratings': {
    summary: 'print the survey answers since a date, as CSV or JSON',
    usage: '',
    run: async (args) => {
      const { main } = await import('./export-ratings.js');
      await main(args);
    },
  },
  'check-config': {
    summary: 'validate the configuration and print it with secrets masked',
    usage: `Usage: parley check-config

Reads the configuration exactly as \`parley start\` would and prints every
variable with its value (secrets masked, defaults marked), or each wrong value
with what it must be. Exit code 0 when valid, 78 when not.

${ENVIRONMENT}`,
    run: async () => {
      loadDotEnv();
      try {
        const config = loadConfig(process.env);
        console.log(`Configuration is valid (secrets masked):\n${formatSummary(config)}`);
        console.log(
          config.demo
            ? '\nNo CC_API_KEY: `parley start` runs the demo against the built-in simulator.'
            : `\n\`parley start\` connects to 8x8 at ${config.contactCenter?.baseUrl}.`,
        );
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        console.error(error.message);
        process.exitCode = 78; // EX_CONFIG, as `parley start` exits on the same problems
      }
    },
  },
};

const USAGE = `Usage: parley <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(14)}${command.summary}`)
  .join('\n')}

\`parley <command> --help\` describes a command. Documentation: docs/README.md.`;

async function main(argv: string[]) {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return;
  }
  if (name === '--version' || name === '-v') {
    const { version } = await import('../version.js');
    console.log(version());
    return;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`parley: unknown command "${name}"\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const help = args.includes('--help') || args.includes('-h');
  if (help && command.usage) {
    console.log(command.usage);
    return;
  }
  const unexpected = args.filter((arg) => arg !== '--help' && arg !== '-h');
  if (command.usage && unexpected.length > 0) {
    console.error(`parley ${name}: unexpected argument "${unexpected[0]}"\n\n${command.usage}`);
    process.exitCode = 2;
    return;
  }
  await command.run(args);
}

await main(process.argv.slice(2));
