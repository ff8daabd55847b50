import type { FastifyInstance } from 'fastify';
import type { WebhookIntake } from '../relay/webhook-intake.js';
import { isRecord } from '../upstream/json-read.js';
import {
  type KeyLookup,
  readWebhookHeaders,
  verifyWebhookSignature,
} from '../upstream/webhook-signature.js';
import { sendProblem } from './problem.js';
import { WEBHOOK_BODY_LIMIT, webhook } from './route-contracts.js';

export interface WebhookOptions {
  /** Takes what a verified webhook says: the domain's side of the route. */
  intake: WebhookIntake;
  keys: KeyLookup;
  maxSkewMs: number;
}

/**
 * POST /webhooks/8x8: 8x8's events, for both API versions. The route keeps the
 * raw body, checks the signature and answers; what an event means is the
 * relay's (WebhookIntake). Answers 2xx only once the event is stored (8x8
 * retries anything else), 401 with a log line when the signature does not
 * hold, 503 when 8x8's key endpoint cannot be asked (so 8x8 retries), and never
 * 500 for an event it does not understand.
 */
export async function webhookReceiver(app: FastifyInstance, options: WebhookOptions) {
  // The signature covers the CRC-32 of the raw bytes, so keep them as they came.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  const route = { schema: webhook, bodyLimit: WEBHOOK_BODY_LIMIT };
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
    if (handled === 'unknown-conversation') {
      log().info({ eventType }, 'webhook for a conversation not (yet) known');
      return sendProblem(
        reply,
        404,
        'Unknown conversation',
        'No conversation of this proxy has that id.',
      );
    }
    if (request.log.level === 'debug' || request.log.level === 'trace') {
      log().debug({ eventType, result: handled }, '8x8 event received');
    }
    return reply.code(200).send();
  });
}
