import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The shell commands of the docs, so tests can run them as written. Every
 * fenced `sh`/`bash`/`shell` block in the README, docs/, examples/ and deploy/
 * carries, on the line before its fence, one of:
 *
 *   <!-- ci: run -->                   test/docs/docs-commands.test.ts runs it
 *   <!-- ci: walkthrough <id> -->      a test runs it by id, in a sequence (docBlock)
 *   <!-- ci: not run: <why> -->        it cannot run on a CI machine (docker, systemd, …)
 */

export interface ShellBlock {
  file: string;
  line: number;
  kind: 'run' | 'walkthrough' | 'not run' | 'unmarked';
  /** The walkthrough id, or why it is not run. */
  detail: string;
  code: string;
}

const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
          return entry.name.endsWith('.md') ? [path] : [];
        })
      : [];
  return ['README.md', 'CHANGELOG.md', ...walk('docs'), ...walk('examples'), ...walk('deploy')];
}

export function shellBlocks(): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  for (const file of markdownFiles()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fence = /^(\s*)```(\w+)\s*$/.exec(lines[i]!);
      if (!fence) continue;
      const indent = fence[1]!;
      const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
      const body = lines.slice(i + 1, end).map((line) => line.slice(indent.length));
      const before = lines[i - 1]?.trim() ?? '';
      const line = i + 1;
      i = end;
      if (!SHELLS.has(fence[2]!)) continue;
      const marker = /^<!-- ci: (run|walkthrough|not run)(?::?\s+(.*?))?\s*-->$/.exec(before);
      blocks.push({
        file,
        line,
        kind: (marker?.[1] as ShellBlock['kind']) ?? 'unmarked',
        detail: marker?.[2] ?? '',
        code: body.join('\n'),
      });
    }
  }
  return blocks;
}

/** The block of a walkthrough, by its id. */
export function docBlock(id: string): string {
  const block = shellBlocks().find((b) => b.kind === 'walkthrough' && b.detail === id);
  if (!block) throw new Error(`No shell block marked <!-- ci: walkthrough ${id} --> in the docs`);
  return block.code;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address ? address.port : 0;
}

/** What a fresh checkout does not have: installed, built, or made by running it. */
const NOT_CHECKED_IN = new Set([
  'node_modules',
  'dist',
  'data',
  '.git',
  'test-results',
  'playwright-report',
]);

/**
 * A user's terminal, in a project of their own where `npx parley` is this
 * repository's built command (as after `npm install parley`), or, with
 * `checkout`, in a fresh copy of the repository (its files without
 * node_modules, dist or data; node_modules then copied in, as `npm install`
 * would make it with no network). The defaults the docs use, ports 8080 (the
 * proxy), 8088 (the simulator), 6379 (Redis), 8081 and 8082 (more instances),
 * become free ports, in the commands and in the environment: the only edit
 * made to what the docs say.
 */
export async function userShell(options: { checkout?: boolean } = {}) {
  const root = resolve('.');
  const bin = join(root, 'dist/server/cli/parley.js');
  const base = mkdtempSync(join(tmpdir(), 'parley-docs-'));
  let dir = base;
  if (options.checkout) {
    dir = join(base, 'parley');
    cpSync(root, dir, {
      recursive: true,
      filter: (path) => !NOT_CHECKED_IN.has(relative(root, path).split(sep)[0]!),
    });
    execFileSync('cp', ['-a', join(root, 'node_modules'), join(dir, 'node_modules')]);
  } else {
    if (!existsSync(bin)) throw new Error('Build first: npm run build (npm test does).');
    writeFileSync(join(dir, 'package.json'), '{"name":"my-site","private":true}');
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(bin, join(dir, 'node_modules/.bin/parley'));
  }
  const proxyPort = await freePort();
  const simulatorPort = await freePort();
  // docs/scaling.md's Redis and second and third proxy.
  const redisPort = await freePort();
  const instancePorts = [await freePort(), await freePort()];
  const env = {
    PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? dir,
    NODE_NO_WARNINGS: '1',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    HOST: '127.0.0.1',
    PORT: String(proxyPort),
    SIMULATOR_PORT: String(simulatorPort),
  };
  const edit = (code: string) =>
    code
      .replaceAll(':8080', `:${proxyPort}`)
      .replaceAll(':8088', `:${simulatorPort}`)
      .replace(/\b6379\b/g, String(redisPort))
      .replace(/\b8081\b/g, String(instancePorts[0]))
      .replace(/\b8082\b/g, String(instancePorts[1]));
  const children: ChildProcess[] = [];

  const start = (code: string) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', edit(code)], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    return { child, output: () => output, exited };
  };

  return {
    dir,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    /** Runs a block to its end: its exit code and everything it printed. */
    async run(code: string, timeoutMs = 60_000) {
      const job = start(code);
      const timer = setTimeout(() => process.kill(-job.child.pid!, 'SIGKILL'), timeoutMs);
      const status = await job.exited;
      clearTimeout(timer);
      return { status, output: job.output() };
    },
    /** Starts a long-running block (a server) and waits until it prints `ready`. */
    async background(code: string, ready: RegExp, timeoutMs = 30_000) {
      const job = start(code);
      children.push(job.child);
      const deadline = Date.now() + timeoutMs;
      while (!ready.test(job.output())) {
        if (job.child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`Not ready (${ready}):\n${job.output()}`);
        }
        await new Promise((done) => setTimeout(done, 50));
      }
      return {
        output: job.output,
        /** Ctrl+C, as the docs ask; answers the exit code. */
        async stop() {
          process.kill(-job.child.pid!, 'SIGINT');
          return job.exited;
        },
      };
    },
    async close() {
      for (const child of children) {
        if (child.exitCode === null) {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {}
        }
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
