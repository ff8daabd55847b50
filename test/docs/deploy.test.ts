import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT_CONFIG, EXIT_PORT_IN_USE } from '../../server/listen-failure.js';
import { startTestParley, type TestParley } from '../support/demo.js';

/**
 * The deployment files, checked without Docker (no daemon on the CI machines):
 * the Dockerfile's instructions and sources, the compose file's structure, the
 * systemd unit through `systemd-analyze verify`, and the health check commands
 * both files run, executed for real against a proxy.
 */

const DOCKER_INSTRUCTIONS = new Set(
  'FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL'.split(
    ' ',
  ),
);

/** The Dockerfile as [instruction, arguments] pairs, continuation lines joined. */
function dockerfile() {
  return readFileSync('Dockerfile', 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return [instruction!, rest.join(' ')] as const;
    });
}

/** The `node -e` program of an exec-form health check. */
const programOf = (exec: string[]) => exec[exec.indexOf('-e') + 1]!;

/**
 * Runs a health check's node program as the container would (PORT in the
 * environment), in its own process: answers its exit code.
 */
function probe(program: string, port: number) {
  const child = spawn(process.execPath, ['-e', program.replaceAll(':8080/', `:${port}/`)], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port) },
    stdio: 'ignore',
  });
  return new Promise<number | null>((resolve) => child.on('close', resolve));
}

let parley: TestParley;
let port: number;
beforeAll(async () => {
  parley = await startTestParley();
  port = Number(new URL(parley.parley.url).port);
});
afterAll(() => parley.close());

describe('Dockerfile', () => {
  const instructions = dockerfile();

  it('uses only Docker instructions, copies files that exist, and runs as a non-root user', () => {
    for (const [instruction] of instructions) expect(DOCKER_INSTRUCTIONS).toContain(instruction);
    for (const [instruction, args] of instructions) {
      if (instruction !== 'COPY' || args.startsWith('--from')) continue;
      const sources = args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(source), source).toBe(true);
    }
    const users = instructions.filter(([instruction]) => instruction === 'USER');
    expect(users.at(-1)?.[1]).toBe('node');
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const path of ['node_modules', '.env', 'data']) expect(ignored).toContain(path);
  });

  it('builds with the package scripts and starts the command the package installs', () => {
    const run = instructions.filter(([instruction]) => instruction === 'RUN').map(([, a]) => a);
    expect(run.join('\n')).toContain('npm ci');
    expect(run.join('\n')).toContain('npm run build');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: { parley: string } };
    const cmd = JSON.parse(instructions.find(([i]) => i === 'CMD')![1]) as string[];
    expect(cmd).toEqual(['node', pkg.bin.parley, 'start']);
    expect(existsSync(pkg.bin.parley.replace(/^dist\/server/, 'server').replace(/js$/, 'ts'))).toBe(
      true,
    );
  });

  it('has a health check that passes against a running proxy and fails without one', async () => {
    const healthcheck = instructions.find(([i]) => i === 'HEALTHCHECK')![1];
    const exec = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3)) as string[];
    expect(programOf(exec)).toContain('/healthz');
    expect(await probe(programOf(exec), port)).toBe(0);
    expect(await probe(programOf(exec), 1)).toBe(1);
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const service = compose.services.parley!;

  it('builds this directory, keeps DATA_DIR on a named volume and reads .env', () => {
    expect(service.build).toBe('.');
    const env = service.environment as Record<string, string>;
    const [volume, target] = (service.volumes as string[])[0]!.split(':');
    expect(target).toBe(env.DATA_DIR);
    expect(compose.volumes).toHaveProperty(volume!);
    expect(service.env_file).toEqual([{ path: '.env', required: false }]);
  });

  it('waits for the drain on stop, and its health check passes only when the proxy is ready', async () => {
    expect(Number.parseInt(String(service.stop_grace_period), 10)).toBeGreaterThan(10);
    const exec = (service.healthcheck as { test: string[] }).test;
    expect(exec[0]).toBe('CMD');
    expect(programOf(exec)).toContain('/readyz');
    expect(await probe(programOf(exec), port)).toBe(0);
    expect(await probe(programOf(exec), 1)).toBe(1);
  });
});

describe('deploy/parley.service', () => {
  const unit = readFileSync('deploy/parley.service', 'utf8');

  it('checks the configuration, then starts the installed command; a config error is not retried', () => {
    expect(unit).toMatch(
      /^ExecStartPre=\/usr\/bin\/node \S+\/dist\/server\/cli\/parley\.js check-config$/m,
    );
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \S+\/dist\/server\/cli\/parley\.js start$/m);
    // main.ts and check-config exit 78 (EX_CONFIG) on a bad configuration; a busy port (75) is
    // tried again.
    expect(unit).toMatch(new RegExp(`^RestartPreventExitStatus=${EXIT_CONFIG}$`, 'm'));
    expect(EXIT_CONFIG).toBe(78);
    expect(unit).not.toContain(String(EXIT_PORT_IN_USE));
    expect(readFileSync('server/main.ts', 'utf8')).toContain('process.exit(EXIT_CONFIG)');
  });

  it('passes systemd-analyze verify with no warning', () => {
    const analyze = existsSync('/usr/bin/systemd-analyze') || existsSync('/bin/systemd-analyze');
    if (!analyze) {
      // Machines without systemd: at least every line is a section, a comment or Key=value.
      for (const line of unit.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
        expect(line).toMatch(/^\[[A-Za-z]+\]$|^[A-Za-z]+=.*$/);
      }
      return;
    }
    const output = execFileSync('systemd-analyze', ['verify', 'deploy/parley.service'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toBe('');
    const result = spawnSync('systemd-analyze', ['verify', 'deploy/parley.service'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
  });
});
