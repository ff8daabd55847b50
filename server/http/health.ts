import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';

export interface HealthOptions {
  store: Store;
  contactCenter: ContactCenter;
}

/** /healthz: the process answers. /readyz: it can do its job (store and 8x8 reachable). */
export async function health(app: FastifyInstance, options: HealthOptions) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [store, contactCenter] = await Promise.all([
      options.store.ready(),
      options.contactCenter.reachable(),
    ]);
    const ready = store && contactCenter;
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', store, contactCenter });
  });
}
