import { UpstreamError } from './contact-center.js';
import { record, text } from './json-read.js';
import type { RetryPolicy } from './retry.js';
import { callUpstream } from './upstream-http.js';

export interface OAuthTokenOptions {
  /** e.g. https://api.8x8.com; the token endpoint is /oauth/v2/token on this host. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Refresh this long before 8x8 says the token expires. */
  marginMs?: number;
  now?: () => number;
}

/**
 * The legacy Chat API's OAuth client-credentials token (`POST /oauth/v2/token`
 * on the API host, outside the API's path): kept and reused
 * until shortly before `expires_in` (a string of seconds, like every value in
 * 8x8's answer), then fetched again. However many calls wait for a token, only
 * one request for it is in flight.
 */
export class OAuthToken {
  readonly #options: OAuthTokenOptions;
  readonly #now: () => number;
  #token: { value: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: OAuthTokenOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** A token valid for a while yet. */
  get(): Promise<string> {
    if (this.#token && this.#now() < this.#token.refreshAt) {
      return Promise.resolve(this.#token.value);
    }
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** 8x8 refused `value` (revoked, or expired early): the next get() fetches a new one. */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const { baseUrl, apiKey, apiSecret, timeoutMs } = this.#options;
    const basic = Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
    const { body } = await callUpstream({
      method: 'POST',
      url: `${baseUrl.replace(/\/+$/, '')}/oauth/v2/token`,
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
      timeoutMs,
      // Asking for a token twice does no harm, so every retryable failure is retried.
      retry: { policy: this.#options.retry, repeatable: true },
    });
    const answer = record(body);
    const value = text(answer.access_token);
    // Every value is a string ("3600"); a number is read as well.
    const expiresIn = Number(answer.expires_in);
    if (!value || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new UpstreamError('8x8 answered the token request without a usable token', 200, false);
    }
    const lifetimeMs = expiresIn * 1000;
    // Refresh a minute early, or at 90% of a short lifetime.
    const marginMs = Math.min(this.#options.marginMs ?? 60_000, lifetimeMs / 10);
    this.#token = { value, refreshAt: this.#now() + lifetimeMs - marginMs };
    return value;
  }
}
