import ky from 'ky';
import { type CallRetry, kyRetry } from './retry.js';
import { parseJson, upstreamError } from './upstream-failure.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON-encoded when a plain value; sent as is when a string, URLSearchParams or FormData. */
  body?: unknown;
  /** For each try: the whole answer must be in by then. */
  timeoutMs: number;
  /** Short retries inside this call; without it the call is tried once (another layer retries). */
  retry?: CallRetry;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([204, 205, 304]);

/**
 * One call to 8x8 through ky: a timeout per try, the retries `retry` allows
 * (backoff, Retry-After), and failures as UpstreamError: retryable for network
 * errors, timeouts, 408, 429 and 5xx; `maybeProcessed` when 8x8 may have acted
 * on the request anyway.
 */
export async function callUpstream(request: UpstreamRequest): Promise<UpstreamResponse> {
  const response = await send(request, fetchWhole);
  return { status: response.status, body: parseJson(await response.text()) };
}

/**
 * The same, for an answer too large to hold (a file): it returns once the
 * headers are in (the timeout and retries cover that far), and the body is the
 * caller's to read as it arrives, or to cancel.
 */
export function openUpstream(request: Omit<UpstreamRequest, 'body'>): Promise<Response> {
  return send({ ...request, headers: { accept: '*/*', ...request.headers } }, fetch);
}

async function send(request: UpstreamRequest, fetcher: typeof fetch): Promise<Response> {
  try {
    return await ky(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers },
      ...bodyOption(request.body),
      timeout: request.timeoutMs,
      retry: kyRetry(request.retry),
      fetch: fetcher,
    });
  } catch (error) {
    throw await upstreamError(error, request.timeoutMs);
  }
}

function bodyOption(body: unknown): { body?: string | FormData | URLSearchParams; json?: unknown } {
  if (body === undefined) return {};
  if (typeof body === 'string' || body instanceof FormData || body instanceof URLSearchParams) {
    return { body };
  }
  return { json: body };
}

/**
 * fetch, with the whole answer read before it returns: ky's timeout then covers
 * the body too, and a connection that breaks mid-answer fails the try (which ky
 * may retry) rather than the read after it.
 */
async function fetchWhole(input: Request | URL | string, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  return new Response(NO_BODY.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
