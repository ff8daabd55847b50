import { UpstreamError } from './contact-center.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON-encoded when a plain value; sent as is when a string, URLSearchParams or FormData. */
  body?: unknown;
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

/** Network failures where the request cannot have left this machine. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * One HTTP call to 8x8 with a timeout, no retries (see retry.ts). Failures
 * become UpstreamError: retryable for network errors, timeouts, 408, 429 and
 * 5xx; `maybeProcessed` when 8x8 may have acted on the request anyway.
 */
export async function callUpstream(request: UpstreamRequest): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | FormData | URLSearchParams | undefined;
  if (
    typeof request.body === 'string' ||
    request.body instanceof FormData ||
    request.body instanceof URLSearchParams
  ) {
    body = request.body;
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw networkError(error, request.timeoutMs);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, request.timeoutMs);
  }
  const parsed = parseJson(text);
  if (!response.ok) throw statusError(response, parsed);
  return { status: response.status, body: parsed };
}

function networkError(error: unknown, timeoutMs: number): UpstreamError {
  const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
  if (timedOut) {
    return new UpstreamError(`8x8 did not answer within ${timeoutMs} ms`, undefined, true, {
      maybeProcessed: true,
    });
  }
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const notSent = typeof code === 'string' && NOT_SENT.has(code);
  return new UpstreamError(
    notSent ? '8x8 could not be reached' : 'the connection to 8x8 broke',
    undefined,
    true,
    { maybeProcessed: !notSent },
  );
}

function statusError(response: Response, body: unknown): UpstreamError {
  const { status } = response;
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  return new UpstreamError(`8x8 answered ${status}${describeProblem(body)}`, status, retryable, {
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    // A 500, 502 or 504 may come from in front of a backend that did the work;
    // 503 means the service did not take the request.
    maybeProcessed: status >= 500 && status !== 503,
  });
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseJson(text: string): unknown {
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
