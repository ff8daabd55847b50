import { Variants } from './variants.js';

/**
 * Fault injection: what the simulator does wrong on purpose, so tests and
 * benchmarks can prove the proxy survives it, and the variants of what 8x8 may
 * send where its documents disagree (variants.ts). Driven in-process
 * (`simulator.faults`) or over HTTP (control-routes.ts).
 */

export type ApiFaultMode =
  /** Answer `status` at once; 8x8 did nothing. */
  | 'fail'
  /** Do the work, then answer `status` anyway: ambiguous for the caller. */
  | 'fail-after'
  /** Do the work, then break the connection: ambiguous. */
  | 'reset-after'
  /** Do the work, answer after `delayMs` (past the caller's timeout it is a timeout). */
  | 'delay-after';

export interface ApiFault extends CallFilter {
  /** How many matching calls it hits. */
  count: number;
  mode?: ApiFaultMode;
  /** For fail and fail-after; 503 by default. */
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

type ActiveFault = ApiFault & { remaining: number };

/** Which API calls a fault (or a count of calls) is about; no field, any call. */
export interface CallFilter {
  /** Only calls with this method (GET, POST, ...). */
  method?: string;
  /** Only calls whose path contains this. */
  path?: string;
}

export function callMatches(filter: CallFilter, method: string, path: string): boolean {
  return (
    (!filter.method || filter.method.toUpperCase() === method.toUpperCase()) &&
    (!filter.path || path.includes(filter.path))
  );
}

/** Faults on the API the proxy calls (both 8x8 APIs and the JWK endpoints). */
class ApiFaults {
  /** Added to every API call. */
  latencyMs = 0;
  #faults: ActiveFault[] = [];

  add(fault: ApiFault): void {
    if (fault.count > 0) this.#faults.push({ ...fault, remaining: fault.count });
  }

  /** The fault this call meets, if any; it counts as one of the fault's calls. */
  take(method: string, path: string): ApiFault | undefined {
    const fault = this.#faults.find((candidate) => callMatches(candidate, method, path));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((item) => item !== fault);
    return fault;
  }

  get pending(): number {
    return this.#faults.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  clear(): void {
    this.#faults = [];
    this.latencyMs = 0;
  }
}

export type WebhookFaultKind = 'drop' | 'duplicate' | 'reorder' | 'delay';

/** What happens to one webhook event. */
export interface WebhookFate {
  /** Never delivered, not even retried (8x8 lost it). */
  drop?: boolean;
  /** Delivered twice with the same event id (at-least-once delivery). */
  duplicate?: boolean;
  /** Held back until the conversation's next event has been delivered. */
  reorder?: boolean;
  /** Delivered this much later, out of order: later events may overtake it. */
  delayMs?: number;
}

/** Faults on the webhooks the simulator sends; each applies to the next `count` events. */
export class WebhookFaults {
  #pending: { kind: WebhookFaultKind; remaining: number; delayMs: number }[] = [];

  add(kind: WebhookFaultKind, count: number, delayMs = 1000): void {
    if (count > 0) this.#pending.push({ kind, remaining: count, delayMs });
  }

  /** The fate of the next event. */
  next(): WebhookFate {
    const fate: WebhookFate = {};
    for (const fault of this.#pending) {
      fault.remaining--;
      if (fault.kind === 'delay') fate.delayMs = fault.delayMs;
      else fate[fault.kind] = true;
    }
    this.#pending = this.#pending.filter((fault) => fault.remaining > 0);
    return fate;
  }

  clear(): void {
    this.#pending = [];
  }
}

export class Faults {
  readonly api = new ApiFaults();
  readonly webhooks = new WebhookFaults();
  readonly variants = new Variants();

  clear(): void {
    this.api.clear();
    this.webhooks.clear();
    this.variants.clear();
  }
}
