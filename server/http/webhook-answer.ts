import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Problem } from '../../protocol/problem.js';
import type { WebhookIntake } from '../relay/webhook-intake.js';
import { isRecord } from '../upstream/json-read.js';
import {
  type KeyLookup,
  type RsaCheck,
  readWebhookHeaders,
  type Verdict,
  verifyWebhookSignature,
  type WebhookHeaders,
} from '../upstream/webhook-signature.js';
import { checkTenant, type ExpectedTenant } from '../upstream/webhook-tenant.js';

export interface WebhookOptions {
  /** Takes what a verified webhook says: the domain's side of the route. */
  intake: WebhookIntake;
  keys: KeyLookup;
  maxSkewMs: number;
  /** This proxy's tenant (CC_TENANT_ID, CC_CUSTOMER_ID): others' webhooks are refused. */
  tenant: ExpectedTenant;
  /** Where the RSA check runs (a worker pool when the event loop is busy); inline by default. */
  check?: RsaCheck;
}

/** The request's logger, made only when something is logged (a child logger costs more than the rest of a webhook's bookkeeping). */
export interface RequestLog {
  (): FastifyBaseLogger;
  /** Whether debug lines are logged at all. */
  debug: boolean;
}

/** What the webhook is answered, whichever HTTP layer writes it. */
export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  /** A problem (sent as application/problem+json) or a JSON body; none when absent. */
  problem?: Problem;
  json?: unknown;
}

export const problemAnswer = (status: number, title: string, detail: string): WebhookAnswer => ({
  status,
  problem: { type: 'about:blank', title, status, detail },
});
const problem = problemAnswer;

/** Whether a logger at `level` writes debug lines. */
export function logsDebug(level: string): boolean {
  return level === 'debug' || level === 'trace';
}

/** Reads a request header by its lower-case name (the first, when sent twice). */
export function headerReader(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

/**
 * What 8x8's webhook is answered, for both API versions: parses the raw body,
 * checks the signature and hands the event to the relay (WebhookIntake). 2xx
 * only once the event is stored, or kept for a conversation not known yet (8x8
 * retries anything else), 401 with a log line when the signature does not hold,
 * 403 when it holds but names another tenant or customer, 503 when 8x8's key
 * endpoint cannot be asked (so 8x8 retries), and never 500 for an event it does
 * not understand. A store that fails throws: the HTTP layer answers that (503
 * for a full disk).
 */
export async function answerWebhook(
  raw: Buffer,
  header: (name: string) => string | undefined,
  options: WebhookOptions,
  log: RequestLog,
): Promise<WebhookAnswer> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return problem(400, 'Invalid JSON', 'The webhook body is not valid JSON.');
  }
  // The handshake is not signed (8x8 documents no signature for it): any 2xx passes.
  if (isRecord(body) && body.eventType === 'WEB_HOOK_VERIFY') {
    log().info({ version: body.notificationVersion }, '8x8 webhook verification');
    return { status: 200, json: { ok: true } };
  }

  const signed = readWebhookHeaders(header);
  if (!signed) {
    log().warn('webhook without the x-8x8-* signature headers');
    return problem(401, 'Unauthorized', 'Missing or malformed x-8x8-* signature headers.');
  }
  const { headers, signature } = signed;
  const eventLog = () => log().child({ eventId: headers.eventId, retry: headers.retry });
  let verdict: Verdict;
  try {
    verdict = await verifyWebhookSignature(raw, headers, signature, {
      keys: options.keys,
      maxSkewMs: options.maxSkewMs,
      ...(options.check ? { check: options.check } : {}),
    });
  } catch (error) {
    eventLog().warn({ err: error }, "8x8's signing key could not be fetched; 8x8 will retry");
    return { status: 503, headers: { 'retry-after': '5' } };
  }
  if (!verdict.ok) {
    eventLog().warn(
      { reason: verdict.reason, transmissionTime: headers.transmissionTime },
      'webhook signature rejected',
    );
    return problem(401, 'Unauthorized', `Webhook signature rejected (${verdict.reason}).`);
  }
  const refused = otherTenant(options.tenant, headers, log);
  if (refused) return problem(403, 'Wrong tenant', refused);

  const eventType = isRecord(body) ? String(body.eventType).slice(0, 64) : typeof body;
  const handled = await options.intake.receive(body, headers.eventId, (field, length) =>
    eventLog().warn(
      { eventType, field, length },
      '8x8 sent a longer text than the proxy passes on; the visitor sees it cut, with "…"',
    ),
  );
  if (handled === 'unknown-event') {
    eventLog().warn({ eventType }, 'unknown 8x8 event acknowledged');
    return { status: 202 };
  }
  if (handled === 'unknown-conversation') {
    // Acknowledged, so 8x8 does not retry it for ever; kept a while in case
    // the create that made it has not returned yet (relay/early-events.ts).
    if (log.debug) {
      eventLog().debug({ eventType }, 'webhook for a conversation not (yet) known: kept a while');
    }
    return { status: 202 };
  }
  if (log.debug) {
    eventLog().debug({ eventType, result: handled }, '8x8 event received');
  }
  return { status: 200 };
}

/** The tenants whose first webhook was logged (no tenant configured): once per configuration. */
const tenantLogged = new WeakSet<ExpectedTenant>();

/**
 * Refuses a verified webhook of another tenant or customer than this proxy's:
 * answers the problem's detail to send with a 403 (logged), or undefined to go
 * on. A refusal, not an acknowledgement: 8x8's Event Log shows the 403 to the
 * tenant's admin, and its retries are taken once the configuration is right.
 * With no tenant configured, the first one seen is logged once for the admin.
 */
function otherTenant(
  expected: ExpectedTenant,
  headers: WebhookHeaders,
  log: RequestLog,
): string | undefined {
  const { tenantId, customerId } = headers;
  const verdict = checkTenant(expected, headers);
  if (!verdict.ok) {
    log().warn(
      { eventId: headers.eventId, mismatch: verdict.mismatch, tenantId, customerId },
      'webhook of another 8x8 tenant or customer refused (CC_TENANT_ID, CC_CUSTOMER_ID)',
    );
    return `The webhook's ${verdict.mismatch} is not the one this proxy is configured for.`;
  }
  if (!verdict.checked && !tenantLogged.has(expected)) {
    tenantLogged.add(expected);
    log().info(
      { tenantId, customerId },
      '8x8 webhooks come from this tenant and customer: set CC_TENANT_ID and CC_CUSTOMER_ID to refuse any other',
    );
  }
  return undefined;
}
