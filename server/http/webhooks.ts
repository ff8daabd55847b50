import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Relay } from '../relay/relay.js';
import type { Dedupe } from '../store/store.js';
import {
  INITIAL_LEGACY_STATE,
  isLegacyEvent,
  type LegacyState,
  mapLegacyEvent,
} from '../upstream/chat-api-events.js';
import { mapGatewayEvent, type WebhookContext } from '../upstream/chat-gateway-events.js';
import type { ContactCenter, UpstreamEvents } from '../upstream/contact-center.js';
import { isRecord } from '../upstream/json-read.js';
import {
  type KeyLookup,
  readWebhookHeaders,
  verifyWebhookSignature,
  type WebhookHeaders,
} from '../upstream/webhook-signature.js';
import { sendProblem } from './problem.js';

export interface WebhookOptions {
  relay: Relay;
  keys: KeyLookup;
  maxSkewMs: number;
  /** Where the legacy events' per-conversation state is kept (shared by every instance). */
  dedupe: Dedupe;
  /** For the legacy API's "customer leaves" after the agent ended a chat. */
  contactCenter: ContactCenter;
}

/** How long the legacy mapping remembers a conversation's state. */
const LEGACY_STATE_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * POST /webhooks/8x8: 8x8's events, for both API versions (a legacy v2.0 body
 * carries `messageType`, a Chat Gateway body does not). Answers 2xx only once
 * the event is stored (8x8 retries anything else), 401 with a log line when the
 * signature does not hold, 503 when 8x8's key endpoint cannot be asked (so 8x8
 * retries), and never 500 for an event it does not understand.
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
    const context = {
      eventId: headers.eventId,
      onTruncated: (field: string, length: number) =>
        log().warn(
          { eventType, field, length },
          '8x8 sent a longer text than the proxy passes on; the visitor sees it cut, with "…"',
        ),
    };
    const handled = isLegacyEvent(body)
      ? await receiveLegacy(body, headers, context, options, log)
      : await receive(mapGatewayEvent(body, context), headers, options);
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

async function receive(
  mapped: UpstreamEvents | undefined,
  headers: WebhookHeaders,
  options: WebhookOptions,
) {
  if (!mapped) return 'unknown-event' as const;
  return options.relay.receive(mapped, headers.eventId);
}

/**
 * A legacy event, mapped with its conversation's state. The state is saved
 * with the event that changed it and the state before, so a retry of that same
 * event (8x8 resends until it gets a 2xx) is mapped exactly as the first time.
 */
async function receiveLegacy(
  body: unknown,
  headers: WebhookHeaders,
  context: WebhookContext,
  options: WebhookOptions,
  log: () => FastifyBaseLogger,
) {
  const upstreamId =
    isRecord(body) && typeof body.conversationId === 'string' ? body.conversationId : '';
  const key = `legacy-state:${upstreamId}`;
  const saved = parseSaved(await options.dedupe.get(key));
  const before =
    saved?.eventId === headers.eventId ? saved.before : (saved?.after ?? INITIAL_LEGACY_STATE);
  const mapping = mapLegacyEvent(body, context, before);
  if (!mapping) return 'unknown-event' as const;
  const result = await options.relay.receive(mapping.mapped, headers.eventId);
  if (result === 'unknown-conversation') return result;
  const value = JSON.stringify({ eventId: headers.eventId, before, after: mapping.state });
  const claim = await options.dedupe.claim(key, value, LEGACY_STATE_TTL_SECONDS);
  if (!claim.first) await options.dedupe.settle(key, value, LEGACY_STATE_TTL_SECONDS);
  if (mapping.customerLeaves) {
    // The agent ended the chat and stays held until the customer leaves (legacy workflow).
    await options.contactCenter.leave(upstreamId).catch((error: unknown) => {
      log().warn({ err: error }, 'could not tell 8x8 the customer left; the agent stays held');
    });
  }
  return result;
}

function parseSaved(
  value: string | undefined,
): { eventId: string; before: LegacyState; after: LegacyState } | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(value) as { eventId: string; before: LegacyState; after: LegacyState };
  } catch {
    return undefined;
  }
}
