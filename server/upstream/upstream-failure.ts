import { HTTPError, TimeoutError } from 'ky';
import { UpstreamError } from './contact-center.js';

/** Network failures where the request cannot have left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** What a failed try tells us, before its body is read. */
export interface Failure {
  /** HTTP status from 8x8, or undefined for a network failure or timeout. */
  status: number | undefined;
  /** Worth trying again: network errors, timeouts, 408, 429 and 5xx. */
  retryable: boolean;
  /** 8x8 may have acted on the request anyway (see UpstreamError). */
  maybeProcessed: boolean;
  retryAfterMs: number | undefined;
}

/**
 * Classifies what ky threw for one try: an HTTPError (8x8 answered non-2xx), a
 * TimeoutError, or what fetch threw (the network). Synchronous and without the
 * body, so ky's retry decision can use it.
 */
export function failureOf(error: unknown): Failure {
  if (error instanceof HTTPError) return statusFailure(error.response);
  const network = { status: undefined, retryable: true, retryAfterMs: undefined };
  if (error instanceof TimeoutError) return { ...network, maybeProcessed: true };
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return { ...network, maybeProcessed: !(typeof code === 'string' && NOT_SENT.has(code)) };
}

/** The UpstreamError for the try that failed last, worded with what 8x8's body says. */
export async function upstreamError(error: unknown, timeoutMs: number): Promise<UpstreamError> {
  const failure = failureOf(error);
  return new UpstreamError(
    await messageOf(error, failure, timeoutMs),
    failure.status,
    failure.retryable,
    {
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      maybeProcessed: failure.maybeProcessed,
    },
  );
}

async function messageOf(error: unknown, failure: Failure, timeoutMs: number): Promise<string> {
  if (error instanceof HTTPError) {
    const body = parseJson(await error.response.text());
    return `8x8 answered ${failure.status}${describeProblem(body)}`;
  }
  if (error instanceof TimeoutError) return `8x8 did not answer within ${timeoutMs} ms`;
  return failure.maybeProcessed ? 'the connection to 8x8 broke' : '8x8 could not be reached';
}

function statusFailure(response: Response): Failure {
  const { status } = response;
  const retryable = status === 408 || status === 429 || status >= 500;
  return {
    status,
    retryable,
    // A 500, 502 or 504 may come from in front of a backend that did the work;
    // 503 means the service did not take the request.
    maybeProcessed: status >= 500 && status !== 503,
    retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
  };
}

/** Retry-After is seconds or an HTTP date. */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** JSON when it parses, the text otherwise, undefined when empty. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * 8x8's error bodies carry `message` (gateway, legacy), `fault.faultstring`
 * (Apigee edge) or `Error` (the token endpoint).
 */
function describeProblem(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as {
    message?: unknown;
    Error?: unknown;
    errors?: unknown;
    fault?: { faultstring?: unknown };
  };
  const message = record.message ?? record.fault?.faultstring ?? record.Error;
  if (typeof message !== 'string') return '';
  // `errors` is a list of strings or of {code, message}, or (one gateway 400) an object.
  const first: unknown = Array.isArray(record.errors) ? record.errors[0] : record.errors;
  const detail = typeof first === 'string' ? first : (first as { message?: unknown })?.message;
  const more = typeof detail === 'string' && detail !== message ? ` (${detail})` : '';
  return `: ${`${message}${more}`.slice(0, 300)}`;
}
