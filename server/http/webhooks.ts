import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendProblem } from './problem.js';
import { WEBHOOK_BODY_LIMIT, webhook } from './route-contracts.js';
import {
  answerWebhook,
  headerReader,
  logsDebug,
  type WebhookAnswer,
  type WebhookOptions,
} from './webhook-answer.js';

export type { WebhookOptions } from './webhook-answer.js';

/**
 * POST /webhooks/8x8 as a Fastify route: 8x8's events, for both API versions
 * (what they are answered: webhook-answer.ts). A proxy that listens serves
 * this path on its lean path (webhook-fast-path.ts) before Fastify sees it;
 * the route is the contract, and serves `inject` and apps without the lean path.
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
    const log = Object.assign(() => request.log, { debug: logsDebug(request.log.level) });
    return send(reply, await answerWebhook(raw, headerReader(request.headers), options, log));
  });
}

function send(reply: FastifyReply, answer: WebhookAnswer) {
  if (answer.headers) reply.headers(answer.headers);
  if (answer.problem) {
    const { status, title, detail } = answer.problem;
    return sendProblem(reply, status, title, detail);
  }
  return reply.code(answer.status).send(answer.json);
}
