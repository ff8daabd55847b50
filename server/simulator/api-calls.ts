import { type CallFilter, callMatches } from './faults.js';

/** Calls kept for counting; the oldest are forgotten. */
const KEPT_CALLS = 10_000;

/** The Real-time Metrics API, under any region's prefix (none for the US). */
export const REALTIME_METRICS = /^\/(?:(?:eu|au|ca)\/)?analytics\/cc\/v5\/realtime-metrics\//;

/** A call on 8x8's API (both APIs, OAuth, JWK), not the simulator's own pages? */
export function isApiPath(url: string): boolean {
  return (
    url.startsWith('/chat-gateway/') ||
    url.startsWith('/vcc/') ||
    url.startsWith('/oauth/') ||
    REALTIME_METRICS.test(url)
  );
}

/**
 * The calls made to the simulated 8x8 API, as 8x8 would see them in its access
 * log: tests count them to prove how often the proxy asks (a fault that fails
 * a call counts as much as an answered one).
 */
export class ApiCalls {
  #calls: { method: string; path: string }[] = [];

  record(method: string, path: string): void {
    this.#calls.push({ method, path });
    if (this.#calls.length > KEPT_CALLS) this.#calls.shift();
  }

  /** How many of the kept calls match, e.g. `{ method: 'POST', path: '/messages' }`. */
  count(filter: CallFilter = {}): number {
    return this.#calls.filter((call) => callMatches(filter, call.method, call.path)).length;
  }
}
