import type { ContactCenter } from '../upstream/contact-center.js';
import { UpstreamError } from '../upstream/contact-center.js';
import type { Metrics } from './metrics.js';

/**
 * The contact center with every call timed and every failure counted, whatever
 * adapter is behind it: each method that returns a promise is measured under its
 * own name.
 */
export function instrumentContactCenter(target: ContactCenter, metrics: Metrics): ContactCenter {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        if (!(result instanceof Promise)) return result;
        const stop = metrics.upstreamDuration.startTimer({ operation: property });
        return result.then(
          (ok: unknown) => {
            stop({ outcome: 'ok' });
            return ok;
          },
          (error: unknown) => {
            stop({ outcome: 'error' });
            metrics.upstreamErrors.inc({ operation: property, kind: errorKind(error) });
            throw error;
          },
        );
      };
    },
  });
}

function errorKind(error: unknown): string {
  if (!(error instanceof UpstreamError)) return 'other';
  return error.retryable ? 'retryable' : 'permanent';
}
