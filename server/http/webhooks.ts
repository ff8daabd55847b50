import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebhookIntake } from '../relay/webhook-intake.js';
import { isRecord } from '../upstream/json-read.js';
import {
  type KeyLookup,
  readWebhookHeaders,
  verifyWebhookSignature,
  type WebhookHeaders,
} from '../upstream/webhook-signature.js';
import { checkTenant, type ExpectedTenant } from '../upstream/webhook-tenant.js';
import { sendProblem } from './problem.js';
import { WEBHOOK_BODY_LIMIT, webhook } from './route-contracts.js';

export interface WebhookOptions {
  /** Takes what a verified webhook says: the domain's side of the route. */
  intake: WebhookIntake;
  keys: KeyLookup;
  maxSkewMs: number;
  /** This proxy's tenant (CC_TENANT_ID, CC_CUSTOMER_ID): others' webhooks are refused. */
  tenant: ExpectedTenant;
}

/**
 * POST /webhooks/8x8: 8x8's events, for both API versions. The route keeps the
 * raw body, checks the signature and answers; what an event means is the
 * relay's (WebhookIntake). Answers 2xx only once the event is stored, or kept
 * for a conversation not known yet (8x8 retries anything else), 401 with a log
 * line when the signature does not
 * hold, 403 when it holds but names another tenant or customer, 503 when 8x8's
 * key endpoint cannot be asked (so 8x8 retries), and never 500 for an event it
 * does not understand.
 */
export async function webhookReceiver(app: FastifyInstance, options: WebhookOptions) {
  // The signature covers the CRC-32 of the raw bytes, so keep them as they came.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  const route = { schema: webhook, bodyLimit: WEBHOOK_BODY_LIMIT };
  const tenantGate = otherTenants(options.tenant);
  app.post('/webhooks/8x8', route, async (request, reply) => {
    const raw = request.body;
    if (!Buffer.isBuffer(raw)) {
      return sendProblem(
        reply,
        415,
        'Unsupported media type',
        '8x8 webhooks are application/json.',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendProblem(reply, 400, 'Invalid JSON', 'The webhook body is not valid JSON.');
    }
    // The handshake is not signed (8x8 documents no signature for it): any 2xx passes.
    if (isRecord(body) && body.eventType === 'WEB_HOOK_VERIFY') {
      request.log.info({ version: body.notificationVersion }, '8x8 webhook verification');
      return reply.code(200).send({ ok: true });
    }

    const signed = readWebhookHeaders((name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    });
    if (!signed) {
      request.log.warn('webhook without the x-8x8-* signature headers');
      return sendProblem(
        reply,
        401,
        'Unauthorized',
        'Missing or malformed x-8x8-* signature headers.',
      );
    }
    const { headers, signature } = signed;
    // A child logger costs more than the rest of a webhook's bookkeeping: made only to log.
    const log = () => request.log.child({ eventId: headers.eventId, retry: headers.retry });
    let verdict: Awaited<ReturnType<typeof verifyWebhookSignature>>;
    try {
      verdict = await verifyWebhookSignature(raw, headers, signature, {
        keys: options.keys,
        maxSkewMs: options.maxSkewMs,
      });
    } catch (error) {
      log().warn({ err: error }, "8x8's signing key could not be fetched; 8x8 will retry");
      return reply.code(503).header('retry-after', '5').send();
    }
    if (!verdict.ok) {
      log().warn(
        { reason: verdict.reason, transmissionTime: headers.transmissionTime },
        'webhook signature rejected',
      );
      return sendProblem(
        reply,
        401,
        'Unauthorized',
        `Webhook signature rejected (${verdict.reason}).`,
      );
    }
    const refused = tenantGate(headers, request);
    if (refused) return sendProblem(reply, 403, 'Wrong tenant', refused);

    const eventType = isRecord(body) ? String(body.eventType).slice(0, 64) : typeof body;
    const handled = await options.intake.receive(body, headers.eventId, (field, length) =>
      log().warn(
        { eventType, field, length },
        '8x8 sent a longer text than the proxy passes on; the visitor sees it cut, with "…"',
      ),
    );
    if (handled === 'unknown-event') {
      log().warn({ eventType }, 'unknown 8x8 event acknowledged');
      return reply.code(202).send();
    }
    const debug = request.log.level === 'debug' || request.log.level === 'trace';
    if (handled === 'unknown-conversation') {
      // Acknowledged, so 8x8 does not retry it for ever; kept a while in case
      // the create that made it has not returned yet (relay/early-events.ts).
      if (debug)
        log().debug({ eventType }, 'webhook for a conversation not (yet) known: kept a while');
      return reply.code(202).send();
    }
    if (debug) log().debug({ eventType, result: handled }, '8x8 event received');
    return reply.code(200).send();
  });
}

/**
 * Refuses a verified webhook of another tenant or customer than this proxy's:
 * answers the problem's detail to send with a 403 (logged), or undefined to go
 * on. A refusal, not an acknowledgement: 8x8's Event Log shows the 403 to the
 * tenant's admin, and its retries are taken once the configuration is right.
 * With no tenant configured, the first one seen is logged once for the admin.
 */
function otherTenants(expected: ExpectedTenant) {
  let logged = false;
  return (headers: WebhookHeaders, request: FastifyRequest): string | undefined => {
    const { tenantId, customerId } = headers;
    const verdict = checkTenant(expected, headers);
    if (!verdict.ok) {
      request.log.warn(
        { eventId: headers.eventId, mismatch: verdict.mismatch, tenantId, customerId },
        'webhook of another 8x8 tenant or customer refused (CC_TENANT_ID, CC_CUSTOMER_ID)',
      );
      return `The webhook's ${verdict.mismatch} is not the one this proxy is configured for.`;
    }
    if (!verdict.checked && !logged) {
      logged = true;
      request.log.info(
        { tenantId, customerId },
        '8x8 webhooks come from this tenant and customer: set CC_TENANT_ID and CC_CUSTOMER_ID to refuse any other',
      );
    }
    return undefined;
  };
}
