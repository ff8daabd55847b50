import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot, widgetDist } from '../paths.js';
import { sendProblem } from './problem.js';
import { demoPage, loaderScript, widgetFiles } from './route-contracts.js';
import { PAGE_CSP } from './security-headers.js';

export interface WidgetAssetsOptions {
  /** Serve the demo host page (index.html) at `/`. */
  demoPage: boolean;
  /** Where the built widget is (dist/widget). */
  root?: string;
}

/**
 * The widget as the host page loads it: /parley.js (the loader, short cache, since
 * its name never changes) and /widget/* (the app, content-hashed names, cached
 * for a year).
 */
export async function widgetAssets(app: FastifyInstance, options: WidgetAssetsOptions) {
  const root = options.root ?? widgetDist;
  if (!existsSync(join(root, 'parley.js'))) {
    app.log.warn(`The widget is not built (${root}): run npm run build:widget.`);
    app.get('/parley.js', { schema: loaderScript }, (_request, reply) =>
      sendProblem(reply, 503, 'Widget not built', 'Run npm run build:widget on the proxy.'),
    );
    return;
  }
  // @fastify/static registers its route itself: give the route its contract as it does.
  app.addHook('onRoute', (route) => {
    if (route.url === '/widget/*') route.schema = { ...route.schema, ...widgetFiles };
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/widget/',
    wildcard: true,
    index: false,
    immutable: true,
    maxAge: '365d',
    // Never the build's own bookkeeping (.vite/manifest.json).
    allowedPath: (path) => !path.split('/').some((part) => part.startsWith('.')),
    setHeaders: (reply) => reply.header('access-control-allow-origin', '*'),
  });
  app.get('/parley.js', { schema: loaderScript }, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .sendFile('parley.js', root, { cacheControl: false }),
  );
  if (options.demoPage) {
    const csp = demoPageCsp();
    app.get('/', { schema: demoPage }, (_request, reply) =>
      reply
        .header('content-security-policy', csp)
        .sendFile('index.html', projectRoot, { cacheControl: false }),
    );
  }
}

/** The page CSP, plus the hash of the demo page's one inline stylesheet. */
function demoPageCsp(): string {
  const html = readFileSync(join(projectRoot, 'index.html'), 'utf8');
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css!).digest('base64')}'`,
  );
  return PAGE_CSP.replace("style-src 'self'", ["style-src 'self'", ...hashes].join(' '));
}
