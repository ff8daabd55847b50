import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { UpstreamError } from './contact-center.js';
import { isRecord } from './json-read.js';
import { callUpstream } from './upstream-http.js';
import type { KeyLookup } from './webhook-signature.js';

export interface JwkKeysOptions {
  /** 8x8's base URL, e.g. https://api.8x8.com */
  baseUrl: string;
  region: string;
  timeoutMs: number;
  /** How long an unknown kid is remembered as unknown, so forged kids cannot make us hammer 8x8. */
  negativeTtlMs?: number;
}

/**
 * Fetches 8x8's webhook signing keys by kid and keeps them. Every 8x8 sample fetches
 * from the legacy path /vcc/{region}/chat/v2/jwk/{kid}/public, which the gateway
 * pages also hard-code; the gateway OAS adds /chat-gateway/v1/jwk/{kid}/public.
 * We ask the documented-everywhere path first and fall back to the gateway one.
 * The lookup rejects when 8x8 cannot be reached (or is busy), so the webhook is
 * answered 503 and retried by 8x8, rather than refused as if its key were
 * unknown. Each path is tried once: 8x8's redelivery of the webhook is the retry.
 */
export function jwkKeys(options: JwkKeysOptions): KeyLookup {
  const known = new Map<string, KeyObject>();
  const unknownUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<KeyObject | undefined>>();
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const base = options.baseUrl.replace(/\/+$/, '');
  const paths = (kid: string) => [
    `${base}/vcc/${options.region}/chat/v2/jwk/${kid}/public`,
    `${base}/chat-gateway/v1/jwk/${kid}/public`,
  ];

  /** undefined: 8x8 says there is no such key. Throws when 8x8 could not be asked. */
  async function fetchKey(kid: string): Promise<KeyObject | undefined> {
    let unreachable = false;
    for (const url of paths(kid)) {
      try {
        const { body } = await callUpstream({
          method: 'GET',
          url,
          headers: {},
          timeoutMs: options.timeoutMs,
        });
        const key = publicKey(body, kid);
        if (key) return key;
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.retryable) unreachable = true;
      }
    }
    if (unreachable) throw new Error('8x8 key endpoint unreachable');
    return undefined;
  }

  function rememberUnknown(kid: string) {
    if (unknownUntil.size >= 10_000) unknownUntil.clear();
    unknownUntil.set(kid, Date.now() + negativeTtlMs);
  }

  return async (kid) => {
    const key = known.get(kid);
    if (key) return key;
    if ((unknownUntil.get(kid) ?? 0) > Date.now()) return undefined;
    let pending = inFlight.get(kid);
    if (!pending) {
      pending = fetchKey(kid).finally(() => inFlight.delete(kid));
      inFlight.set(kid, pending);
    }
    const fetched = await pending;
    if (fetched) known.set(kid, fetched);
    else rememberUnknown(kid);
    return fetched;
  };
}

/** The RSA key a JWK answer holds for `kid`; undefined for anything else. */
function publicKey(body: unknown, kid: string): KeyObject | undefined {
  if (!isRecord(body) || body.kty !== 'RSA' || body.kid !== kid) return undefined;
  try {
    return createPublicKey({ key: body as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}
