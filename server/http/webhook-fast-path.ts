import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import { INTERNAL_ERROR, storageProblem } from './problem.js';
import { requestIdOf } from './request-id.js';
import { WEBHOOK_BODY_LIMIT } from './route-contracts.js';
import {
  answerWebhook,
  headerReader,
  logsDebug,
  problemAnswer as problem,
  type WebhookAnswer,
  type WebhookOptions,
} from './webhook-answer.js';

export interface FastPathOptions extends WebhookOptions {
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** Put on every answer (the API's security headers). */
  headers: Record<string, string>;
  /** While the proxy shuts down, answers close their connection. */
  draining: () => boolean;
  /** Told of each response taken, so that shutdown waits for it. */
  track: (res: ServerResponse) => void;
}

const PATH = '/webhooks/8x8';
const ROUTE = { method: 'POST', route: PATH } as const;

/**
 * POST /webhooks/8x8 on plain node:http, ahead of Fastify: the busiest route
 * (every agent message, every 8x8 event) skips everything that serves the
 * widget (CORS and origin checks, per-request hooks and child logger, routing,
 * schema and content-type machinery). What it answers is webhook-answer.ts, as
 * for the Fastify route; answered 2xx only once the event is stored. Returns a
 * request handler that takes this route and answers false for anything else.
 */
export function webhookFastPath(
  options: FastPathOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const durations = new Map<number, { observe(seconds: number): void }>();
  const duration = (status: number) => {
    let child = durations.get(status);
    if (!child) {
      child = options.metrics.httpDuration.labels({ ...ROUTE, status });
      durations.set(status, child);
    }
    return child;
  };
  const record = (status: number, startedAt: number) => {
    options.metrics.webhooks.inc({ status });
    if (status === 401) options.metrics.webhookVerificationFailures.inc();
    if (status === 403) options.metrics.webhookTenantRefusals.inc();
    duration(status).observe((performance.now() - startedAt) / 1000);
  };

  return (req, res) => {
    if (req.method !== 'POST' || !isWebhookPath(req.url)) return false;
    options.track(res);
    void serve(req, res, options, record);
    return true;
  };
}

function isWebhookPath(url: string | undefined): boolean {
  if (!url?.startsWith(PATH)) return false;
  return url.length === PATH.length || url[PATH.length] === '?';
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: FastPathOptions,
  record: (status: number, startedAt: number) => void,
) {
  const startedAt = performance.now();
  const id = requestIdOf(req);
  let child: FastifyBaseLogger | undefined;
  const log = Object.assign(() => (child ??= options.log.child({ reqId: id })), {
    debug: logsDebug(options.log.level),
  });
  const logsRequests = logsInfo(options.log.level);
  if (logsRequests) {
    log().info(
      { req: { method: req.method, url: req.url, ip: req.socket.remoteAddress } },
      'incoming request',
    );
  }
  const answer = await answerRequest(req, options, log);
  const body = answer.problem ?? answer.json;
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(answer.status, {
    ...options.headers,
    'x-request-id': id,
    ...(options.draining() || answer.close ? { connection: 'close' } : {}),
    ...answer.headers,
    ...(body === undefined
      ? {}
      : {
          'content-type': answer.problem
            ? 'application/problem+json; charset=utf-8'
            : 'application/json; charset=utf-8',
        }),
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
  record(answer.status, startedAt);
  if (logsRequests) {
    const responseTime = performance.now() - startedAt;
    log().info({ res: { statusCode: answer.status }, responseTime }, 'request completed');
  }
}

/** As Fastify logs every request at info: the same two lines, only when they are logged. */
function logsInfo(level: string): boolean {
  return level === 'info' || logsDebug(level);
}

type Answer = WebhookAnswer & { close?: boolean };

async function answerRequest(
  req: IncomingMessage,
  options: FastPathOptions,
  log: Parameters<typeof answerWebhook>[3],
): Promise<Answer> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return problem(415, 'Unsupported media type', '8x8 webhooks are application/json.');
  }
  const raw = await readBody(req, WEBHOOK_BODY_LIMIT);
  if (raw === 'too-large') {
    return {
      ...problem(413, 'Request too large', 'Request body is too large'),
      // What is left of the body is not read: the connection cannot carry another request.
      close: true,
    };
  }
  if (raw === 'aborted') return { status: 400, close: true };
  try {
    return await answerWebhook(raw, headerReader(req.headers), options, log);
  } catch (error) {
    return failed(error, log());
  }
}

/** A store that cannot write is the caller's to retry (503); anything else is ours (500). */
function failed(error: unknown, log: FastifyBaseLogger): Answer {
  const storage = storageProblem(error, log);
  if (storage) return { status: 503, problem: storage, headers: { 'retry-after': '5' } };
  log.error({ err: error }, 'request failed');
  return { status: 500, problem: INTERNAL_ERROR };
}

/** The whole body, unless it is over `limit` bytes or the client goes away first. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        resolve('too-large');
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', () => resolve('aborted'));
    req.once('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
}
