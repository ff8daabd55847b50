import type { FastifyInstance } from 'fastify';
import type { Relay } from '../relay/relay.js';
import { mapGatewayEvent } from '../upstream/chat-gateway-events.js';
import { isRecord } from '../upstream/json-read.js';
import {
  type KeyLookup,
  readWebhookHeaders,
  verifyWebhookSignature,
} from '../upstream/webhook-signature.js';
import { sendProblem } from './problem.js';

export interface WebhookOptions {
  relay: Relay;
  keys: KeyLookup;
  maxSkewMs: number;
}

/**
 * POST /webhooks/8x8: 8x8's events, for both API versions. Answers 2xx only once
 * the event is stored (8x8 retries anything else), 401 when the signature does
 * not hold, and never 500 for an event it does not understand.
 */
export async function webhookReceiver(app: FastifyInstance, options: WebhookOptions) {
  // The signature covers the CRC-32 of the raw bytes, so keep them as they came.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post('/webhooks/8x8', { bodyLimit: 1024 * 1024 }, async (request, reply) => {
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
    let verdict: Awaited<ReturnType<typeof verifyWebhookSignature>>;
    try {
      verdict = await verifyWebhookSignature(raw, headers, signature, {
        keys: options.keys,
        maxSkewMs: options.maxSkewMs,
      });
    } catch (error) {
      request.log.warn(
        { err: error, eventId: headers.eventId },
        "8x8's signing key could not be fetched",
      );
      return reply.code(503).header('retry-after', '5').send();
    }
    if (!verdict.ok) {
      request.log.warn(
        { reason: verdict.reason, eventId: headers.eventId },
        'webhook signature rejected',
      );
      return sendProblem(
        reply,
        401,
        'Unauthorized',
        `Webhook signature rejected (${verdict.reason}).`,
      );
    }

    const mapped = mapGatewayEvent(body, { eventId: headers.eventId });
    if (!mapped) {
      const eventType = isRecord(body) ? String(body.eventType).slice(0, 64) : typeof body;
      request.log.warn({ eventType, eventId: headers.eventId }, 'unknown 8x8 event acknowledged');
      return reply.code(202).send();
    }
    const result = await options.relay.receive(mapped, headers.eventId);
    if (result === 'unknown-conversation') {
      request.log.info({ eventId: headers.eventId }, 'webhook for a conversation not (yet) known');
      return sendProblem(
        reply,
        404,
        'Unknown conversation',
        'No conversation of this proxy has that id.',
      );
    }
    return reply.code(200).send();
  });
}
