import { UpstreamError } from './contact-center.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON-encoded when a plain value; sent as is when a string or FormData (multipart). */
  body?: unknown;
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

/**
 * One HTTP call to 8x8 with a timeout. Failures become UpstreamError, marked
 * retryable for network errors, timeouts, 429 and 5xx.
 */
export async function callUpstream(request: UpstreamRequest): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | FormData | undefined;
  if (typeof request.body === 'string' || request.body instanceof FormData) body = request.body;
  else if (request.body !== undefined) {
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
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new UpstreamError(
      timedOut ? `8x8 did not answer within ${request.timeoutMs} ms` : '8x8 could not be reached',
      undefined,
      true,
    );
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    throw new UpstreamError(
      `8x8 answered ${response.status}${describeProblem(parsed)}`,
      response.status,
      response.status === 429 || response.status >= 500,
    );
  }
  return { status: response.status, body: parsed };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** 8x8's error bodies carry `message` (gateway, legacy) or `fault.faultstring` (Apigee edge). */
function describeProblem(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as { message?: unknown; fault?: { faultstring?: unknown } };
  const message = record.message ?? record.fault?.faultstring;
  return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
}
