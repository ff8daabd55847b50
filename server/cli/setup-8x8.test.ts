import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import { loadConfig } from '../config.js';
import { type RunningParley, startParley } from '../start.js';

/**
 * `npm run simulator` and `npm run 8x8:setup` as a website owner runs them: the
 * standalone simulator in its own process, a proxy, then the setup command,
 * whose printed variables configure a proxy that really gets chats routed.
 */

const API_KEY = 'setup-test-key-0123456789';
const API_SECRET = 'setup-test-secret-0123456789';

function run(script: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finished(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

let simulator: ChildProcess;
let simulatorUrl: string;
const dirs: string[] = [];
const proxies: RunningParley[] = [];

async function proxy(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-setup-'));
  dirs.push(dataDir);
  const parley = await startParley(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }),
  );
  proxies.push(parley);
  return { parley, url: parley.url.replace('localhost', '127.0.0.1') };
}

const state = async () =>
  (await (
    await fetch(`${simulatorUrl}/simulator/state`, { headers: { 'x-api-key': API_KEY } })
  ).json()) as { conversations: { id: string; queueName: string; api: string }[] };

beforeAll(async () => {
  simulator = run('server/simulator/main.ts', [], {
    SIMULATOR_PORT: '0',
    SIMULATOR_API_KEY: API_KEY,
    SIMULATOR_API_SECRET: API_SECRET,
  });
  let printed = '';
  simulator.stdout?.on('data', (chunk) => {
    printed += chunk;
  });
  await eventually(() => /listening on (http:\/\/\S+)/.test(printed), 15_000);
  simulatorUrl = /listening on (http:\/\/\S+)/.exec(printed)![1]!;
  expect(printed).toContain(`API key        ${API_KEY}`);
  expect(printed).toContain(`Agent console  ${simulatorUrl}/agent`);
}, 20_000);

afterAll(async () => {
  for (const parley of proxies) await parley.close();
  simulator.kill('SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each<{ api: string; credentials: Record<string, string> }>([
  { api: 'chat-gateway', credentials: { CC_API_KEY: API_KEY } },
  {
    api: 'chat-api',
    credentials: { CC_API_KEY: API_KEY, CC_API_SECRET: API_SECRET, CC_TENANT_ID: 'parleydemo01' },
  },
])('npm run 8x8:setup against the simulator ($api)', ({ api, credentials }) => {
  it('creates and verifies the webhook, creates the channel, prints the config; a second run reuses them', async () => {
    const env = { CC_API: api, CC_BASE_URL: simulatorUrl, ...credentials };
    // The proxy must answer 8x8's hello before it has a channel.
    const waiting = await proxy({ ...env, CC_CHANNEL_ID: 'pending' });
    const args = ['--public-url', waiting.url, '--queue', '102'];

    const first = await finished(run('server/cli/setup-8x8.ts', args, env));
    expect(first.stderr).toMatch(/webhook \d+ → .*\/webhooks\/8x8 \(created\)/);
    expect(first.stderr).toContain('verified: 8x8 reached the proxy and got a 2xx');
    expect(first.stderr).toMatch(/channel \d+ → queue 102 \(created\)/);
    expect(first.stderr).not.toContain(API_KEY);
    expect(first.code).toBe(0);
    const printed: Record<string, string> = Object.fromEntries(
      first.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    expect(printed).toMatchObject({
      CC_API: api,
      CC_BASE_URL: simulatorUrl,
      CC_CHANNEL_ID: expect.stringMatching(/^\d+$/),
      PUBLIC_URL: waiting.url,
    });

    const again = await finished(run('server/cli/setup-8x8.ts', args, env));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('(already there)');
    expect(again.stdout).toBe(first.stdout);

    // A proxy configured with what was printed gets its chats routed to queue 102.
    const configured = await proxy({ ...credentials, ...printed });
    const created = await fetch(`${configured.url}/v1/conversations`, {
      method: 'POST',
      // The proxy serves the origin of its PUBLIC_URL, as setup printed it.
      headers: { origin: printed.PUBLIC_URL!, 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: { name: 'Set Up' } }),
    });
    expect(created.status).toBe(201);
    const { conversationId } = (await created.json()) as { conversationId: string };
    const session = await configured.parley.store.sessions.get(conversationId);
    const routed = (await state()).conversations.find((c) => c.id === session?.upstreamId);
    expect(routed).toMatchObject({
      queueName: 'Billing',
      api: api === 'chat-api' ? 'legacy' : 'gateway',
    });
  }, 30_000);
});

describe('npm run 8x8:setup, when it cannot work', () => {
  it('warns what to check when 8x8 cannot reach the proxy, and still sets up the channel', async () => {
    const result = await finished(
      run(
        'server/cli/setup-8x8.ts',
        ['--public-url', 'http://127.0.0.1:9/', '--queue', '101', '--name', 'Unreachable'],
        { CC_BASE_URL: simulatorUrl, CC_API_KEY: API_KEY },
      ),
    );
    expect(result.stderr).toMatch(
      /warning: 8x8 could not verify http:\/\/127\.0\.0\.1:9\/webhooks\/8x8/,
    );
    expect(result.stderr).toContain('http://127.0.0.1:9/healthz answers from outside');
    expect(result.stderr).toMatch(/channel \d+ → queue 101 \(created\)/);
    expect(result.stderr).toContain('8x8 has not verified the webhook yet');
    expect(result.stdout).toMatch(/^CC_CHANNEL_ID=\d+$/m);
    expect(result.code).toBe(0);
  });

  it('explains its usage when something is missing, and refuses a wrong key clearly', async () => {
    const missing = await finished(
      run('server/cli/setup-8x8.ts', ['--queue', '101'], { CC_API_KEY: API_KEY }),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--public-url/);
    const wrong = await finished(
      run('server/cli/setup-8x8.ts', ['--public-url', 'http://127.0.0.1:9', '--queue', '101'], {
        CC_BASE_URL: simulatorUrl,
        CC_API_KEY: 'wrong',
      }),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401/);
  });
});
