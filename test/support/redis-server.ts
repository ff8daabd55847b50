import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = process.env.PARLEY_REDIS_SERVER ?? 'redis-server';

/** A free loopback port: bound, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real redis-server for a test, on a free loopback port, its data in a temp
 * directory, with the append-only file on as production should have it: a
 * restart (even after SIGKILL) keeps every write Redis acknowledged.
 */
export async function startRedisServer() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const start = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    exited = new Promise((resolve) => started.on('exit', () => resolve()));
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    await waitForPort(
      port,
      () => started.exitCode !== null,
      () => output,
    );
  };
  await start();

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** SIGKILL: no save on the way out; the append-only file is what is left. */
    async kill() {
      child?.kill('SIGKILL');
      await exited;
    },
    /** Starts it again on the same port and data. */
    start,
    async stop() {
      child?.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

/** Waits until Redis answers PING on the port. */
async function waitForPort(port: number, died: () => boolean, output: () => string) {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (died()) throw new Error(`redis-server exited:\n${output()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
