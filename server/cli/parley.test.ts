import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';

/** The `parley` command as a user runs it: its own process, in a directory of the user's. */

const entry = resolve('server/cli/parley.ts');
const tsx = import.meta.resolve('tsx');
const dirs: string[] = [];

function scratchDir(dotenv?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  dirs.push(dir);
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

/** Runs `parley ...args` with only the given environment (plus PATH), in `cwd`. */
function parley(args: string[], env: Record<string, string> = {}, cwd = scratchDir()) {
  const child = spawn(process.execPath, ['--import', tsx, entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => ({ stdout, stderr }),
    async result() {
      const code = await done;
      return { code, stdout, stderr };
    },
  };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('parley', () => {
  it('lists its commands, and rejects an unknown one with exit code 2', async () => {
    const help = await parley(['--help']).result();
    expect(help.code).toBe(0);
    for (const name of ['start', 'simulator', '8x8:setup', 'check-config']) {
      expect(help.stdout).toContain(`  ${name}`);
    }
    const unknown = await parley(['strat']).result();
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('parley: unknown command "strat"');
    expect(unknown.stderr).toContain('Usage: parley <command>');
  });

  it.each([
    ['start', 'Usage: parley start'],
    ['simulator', 'Usage: parley simulator'],
    ['8x8:setup', 'Usage: parley 8x8:setup --public-url'],
    ['check-config', 'Usage: parley check-config'],
  ])('%s --help describes the command and runs nothing', async (name, usage) => {
    const { code, stdout, stderr } = await parley([name, '--help']).result();
    expect(code).toBe(0);
    expect(`${stdout}${stderr}`).toContain(usage);
  });

  it('check-config prints the configuration with secrets masked', async () => {
    const secret = 'k'.repeat(40);
    const { code, stdout } = await parley(['check-config'], {
      CC_API_KEY: secret,
      CC_CHANNEL_ID: '25',
      TOKEN_SECRET: 's'.repeat(48),
      PORT: '9000',
    }).result();
    expect(code).toBe(0);
    expect(stdout).toContain('Configuration is valid');
    expect(stdout).toMatch(/CC_API_KEY\s+\(set, 40 characters\)/);
    expect(stdout).toMatch(/PORT\s+9000\n/);
    expect(stdout).toMatch(/HOST\s+0\.0\.0\.0 \(default\)/);
    expect(stdout).not.toContain(secret);
    expect(stdout).not.toContain('s'.repeat(48));
  });

  it('check-config names every wrong value, from the environment and .env, and exits 78', async () => {
    const dir = scratchDir('PORT=eighty\nALLOWED_ORIGINS=https://shop.example.com/path\n');
    const { code, stdout, stderr } = await parley(
      ['check-config'],
      { CC_API_KEY: 'key-without-a-channel', LOG_LEVEL: 'loud' },
      dir,
    ).result();
    expect(code).toBe(78);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toContain('PORT must be a whole number from 0 to 65535, not "eighty"');
    expect(stderr).toContain('ALLOWED_ORIGINS entries must be origins');
    expect(stderr).toContain('LOG_LEVEL must be one of');
    expect(stderr).toContain('CC_CHANNEL_ID is required when CC_API_KEY is set');
    expect(stderr).not.toContain('key-without-a-channel');
  });

  it('the environment wins over .env, as for parley start', async () => {
    const dir = scratchDir('PORT=1234\n');
    const { code, stdout } = await parley(['check-config'], { PORT: '4321' }, dir).result();
    expect(code).toBe(0);
    expect(stdout).toMatch(/PORT\s+4321\n/);
  });

  it('start runs the demo, answers health checks and stops cleanly on SIGTERM', async () => {
    const dir = scratchDir();
    const run = parley(
      ['start'],
      { PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') },
      dir,
    );
    // A process of its own, compiled by tsx as it starts: 10 s alone on a busy machine, more in the
    // full suite. The limits say "it starts", not how fast.
    await eventually(() => /Visitor .*?(http:\/\/\S+)\//.test(run.output().stdout), 60_000);
    const url = /Visitor .*?(http:\/\/\S+)\//.exec(run.output().stdout)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const openapi = await fetch(`${url}/v1/openapi.json`);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    run.child.kill('SIGTERM');
    expect((await run.result()).code).toBe(0);
  }, 90_000);

  it('start on a busy port says so in one line and exits 75, with no stack trace', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const dir = scratchDir();
      const { code, stderr } = await parley(
        ['start'],
        { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') },
        dir,
      ).result();
      expect(code).toBe(75);
      expect(stderr).toBe(
        `Port ${port} is in use (on 127.0.0.1): stop the other process or set PORT to a free port.\n`,
      );
    } finally {
      other.close();
    }
  }, 90_000);

  it('start refuses an invalid configuration with exit code 78', async () => {
    const { code, stderr } = await parley(['start'], { PORT: '-1' }).result();
    expect(code).toBe(78);
    expect(stderr).toContain('PORT must be a whole number');
  });
});
