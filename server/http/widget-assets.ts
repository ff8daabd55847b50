import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot, widgetDist } from '../paths.js';
import { sendProblem } from './problem.js';

export interface WidgetAssetsOptions {
  /** Serve the demo host page (index.html) at `/`. */
  demoPage: boolean;
}

/**
 * The widget as the host page loads it: /parley.js (the loader, short cache, since
 * its name never changes) and /widget/* (the app, content-hashed names, cached
 * for a year).
 */
export async function widgetAssets(app: FastifyInstance, options: WidgetAssetsOptions) {
  if (!existsSync(join(widgetDist, 'parley.js'))) {
    app.log.warn(`The widget is not built (${widgetDist}): run npm run build:widget.`);
    app.get('/parley.js', (_request, reply) =>
      sendProblem(reply, 503, 'Widget not built', 'Run npm run build:widget on the proxy.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: widgetDist,
    prefix: '/widget/',
    wildcard: true,
    index: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => res.header('access-control-allow-origin', '*'),
  });
  app.get('/parley.js', (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .sendFile('parley.js', widgetDist, { cacheControl: false }),
  );
  if (options.demoPage) {
    app.get('/', (_request, reply) =>
      reply.sendFile('index.html', projectRoot, { cacheControl: false }),
    );
  }
}
