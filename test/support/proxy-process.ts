import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../server/paths.js';

/**
 * The proxy as a real child process (`node --import tsx server/main.ts`), as an
 * operator runs it: configuration in the environment, its own data directory as
 * the working directory. Everything it prints is kept, to check for secrets.
 */
export async function startProxyProcess(env: Record<string, string>) {
  const tsx = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', tsx, join(projectRoot, 'server', 'main.ts')],
    {
      cwd: env.DATA_DIR,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    void exited.then((code) => reject(new Error(`the proxy exited (${code}):\n${output}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => output,
    exited,
    /** SIGKILL: no shutdown code runs, as when the machine or the OOM killer stops it. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export type ProxyProcess = Awaited<ReturnType<typeof startProxyProcess>>;
