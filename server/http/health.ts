import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';
import { liveness, readiness } from './route-contracts.js';
import type { ContractTypeProvider } from './type-provider.js';

export interface HealthOptions {
  store: Store;
  contactCenter: ContactCenter;
  /** True once shutdown has begun: the load balancer should send nothing new. */
  draining: () => boolean;
}

/** Probes of 8x8 answered from memory for this long, so frequent probes do not load 8x8. */
const REACHABLE_CACHE_MS = 5000;

/** /healthz: the process answers. /readyz: it can do its job (store and 8x8 reachable). */
export async function health(app: FastifyInstance, options: HealthOptions) {
  let reachable: { at: number; value: Promise<boolean> } | undefined;
  const contactCenterReachable = () => {
    if (!reachable || Date.now() - reachable.at > REACHABLE_CACHE_MS) {
      reachable = { at: Date.now(), value: options.contactCenter.reachable() };
    }
    return reachable.value;
  };

  const probes = app.withTypeProvider<ContractTypeProvider>();
  probes.get('/healthz', { schema: liveness }, async () => ({ status: 'ok' as const }));
  probes.get('/readyz', { schema: readiness }, async (_request, reply) => {
    if (options.draining()) {
      return reply.code(503).send({ status: 'shutting down' });
    }
    const [store, contactCenter] = await Promise.all([
      options.store.ready(),
      contactCenterReachable(),
    ]);
    const ready = store && contactCenter;
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', store, contactCenter });
  });
}
