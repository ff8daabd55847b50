import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Problem } from '../../protocol/problem.js';
import { ConversationClosed } from '../relay/relay.js';
import { storageUnavailable } from '../store/storage-unavailable.js';
import { UpstreamError } from '../upstream/contact-center.js';

/** Answers with an RFC 9457 problem: every error the proxy gives has this shape. */
export function sendProblem(reply: FastifyReply, status: number, title: string, detail: string) {
  const problem: Problem = { type: 'about:blank', title, status, detail };
  return reply.code(status).type('application/problem+json').send(problem);
}

/**
 * A store that cannot write (disk full, file read-only, Redis out of memory):
 * nothing was stored, so the caller must retry (503 with Retry-After). Logs why;
 * undefined for any other error.
 */
export function storageProblem(error: unknown, log: FastifyBaseLogger): Problem | undefined {
  const storage = storageUnavailable(error);
  if (!storage) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  log.error(
    { code: storage },
    `storage is not writable (${storage}: ${message}); answered 503 so the caller retries`,
  );
  return {
    type: 'about:blank',
    title: 'Storage unavailable',
    status: 503,
    detail:
      'The proxy cannot store data right now (its disk is full or read-only); try again shortly.',
  };
}

/** What an unexpected failure is answered (the error itself is logged, never shown). */
export const INTERNAL_ERROR: Problem = {
  type: 'about:blank',
  title: 'Internal error',
  status: 500,
  detail: 'The proxy failed to handle this request; it has been logged.',
};

/**
 * Turns domain errors, Fastify's own (validation, body size, bad JSON) and anything
 * unexpected into problems, so routes can simply throw.
 */
export function installProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ConversationClosed) {
      return sendProblem(
        reply,
        409,
        'Conversation closed',
        'This conversation has ended; start a new one.',
      );
    }
    if (error instanceof UpstreamError) {
      request.log.warn({ err: error }, '8x8 call failed');
      // Retryable (network, timeout, 429, 5xx): the widget may try again shortly.
      if (error.retryable) reply.header('retry-after', '5');
      return sendProblem(
        reply,
        error.retryable ? 503 : 502,
        'Contact center unavailable',
        `${error.message}.`,
      );
    }
    const storage = storageProblem(error, request.log);
    if (storage) {
      reply.header('retry-after', '5');
      return sendProblem(reply, storage.status, storage.title, storage.detail);
    }
    if (error.validation) {
      return sendProblem(
        reply,
        400,
        'Invalid request',
        `${error.validationContext ?? 'request'}${describeValidation(error)}`,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, 500, INTERNAL_ERROR.title, INTERNAL_ERROR.detail);
    }
    return sendProblem(reply, status, titleFor(status), error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      'Not found',
      `There is no ${request.method} ${request.url.split('?')[0]} here.`,
    ),
  );
}

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return ' is invalid';
  const where = first.instancePath || '';
  return `${where} ${first.message ?? 'is invalid'}`;
}

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 413:
      return 'Request too large';
    case 415:
      return 'Unsupported media type';
    case 429:
      return 'Too many requests';
    default:
      return 'Request failed';
  }
}
