import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { test as base } from '@playwright/test';
import type { RunningParley } from '../server/start.js';
import { startTestParley } from '../test/support/demo.js';
import { Agent } from './widget-fixtures.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
};

/** The address the examples are written for: `npm start`'s proxy. */
const EXAMPLE_PROXY = 'http://localhost:8080';

/**
 * A customer's website serving a folder as it is (an example, a bundled app), on
 * its own loopback origin. In HTML and JavaScript, the examples' proxy address is
 * replaced by the test's proxy: that is the one edit the examples tell users to make.
 */
async function startExampleSite(root: string, proxyUrl: () => string) {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    let file = normalize(join(root, decodeURIComponent(pathname)));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) {
      file = join(file, 'index.html');
    }
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const body = type.startsWith('text/')
      ? readFileSync(file, 'utf8').replaceAll(EXAMPLE_PROXY, proxyUrl())
      : readFileSync(file);
    response.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Playwright fixtures for pages served from a folder (`root()`, read when a test
 * starts): `site`, a Parley demo allowing its origin (`parley`), and the `agent`.
 */
export function servingFolder(root: () => string) {
  return base.extend<{ site: ExampleSite; parley: RunningParley; agent: Agent }>({
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    site: async ({}, use) => {
      let proxy = '';
      const site = await startExampleSite(root(), () => proxy);
      const running = await startTestParley({ ALLOWED_ORIGINS: site.origin });
      proxy = running.parley.url;
      await use({ ...site, parley: running.parley });
      // Pages may still hold event streams open; the test is over, so cut them.
      running.parley.proxy.server.closeAllConnections();
      await running.close();
      await site.close();
    },
    parley: async ({ site }, use) => {
      await use(site.parley);
    },
    agent: async ({ parley }, use) => {
      await use(new Agent(parley));
    },
  });
}

type ExampleSite = Awaited<ReturnType<typeof startExampleSite>> & { parley: RunningParley };
