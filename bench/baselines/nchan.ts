import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, waitForHealth } from '../lib/child-process.js';
import { withChildren } from '../lib/cpu-time.js';

const MODULE_DIRS = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules'];

/** nginx with the nchan module, when both are installed (Debian: nginx, libnginx-mod-nchan). */
export function findNchan(): { nginx: string; module: string } | undefined {
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  const nginx = which.stdout.trim();
  const module = MODULE_DIRS.map((dir) => join(dir, 'ngx_nchan_module.so')).find(existsSync);
  return which.status === 0 && nginx && module ? { nginx, module } : undefined;
}

export interface RunningNchan {
  port: number;
  /** nginx's master and its one worker. */
  pids: number[];
  stop(): Promise<void>;
}

/**
 * Our own nginx on `port`, in the foreground, with a generated config and every path
 * it writes (pid, error log, temp files) in a temp dir. One worker: one core, as the
 * proxy's event loop has. `POST /pub/<channel>` publishes into nchan's in-memory
 * buffer; `GET /sub/<channel>` is an EventSource subscriber.
 */
export async function startNchan(
  found: { nginx: string; module: string },
  port: number,
): Promise<RunningNchan> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-nchan-'));
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `load_module ${found.module};
daemon off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 30000; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:${port};
    location ~ ^/pub/(\\w+)$ { nchan_publisher; nchan_channel_id $1; }
    location ~ ^/sub/(\\w+)$ { nchan_subscriber eventsource; nchan_channel_id $1; }
    location = /healthz { return 200 ok; }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    found.nginx,
    ['-e', join(dir, 'error.log'), '-p', dir, '-c', config],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  try {
    await waitForHealth(port, child, 'nginx');
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    pids: withChildren(child.pid!),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
