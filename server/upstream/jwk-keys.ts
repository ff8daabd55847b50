import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { UpstreamError } from './contact-center.js';
import { isRecord, type JsonRecord, list } from './json-read.js';
import { callUpstream } from './upstream-http.js';
import type { KeyLookup } from './webhook-signature.js';

export interface JwkKeysOptions {
  /** 8x8's base URL, e.g. https://api.8x8.com */
  baseUrl: string;
  region: string;
  timeoutMs: number;
  /** How long an unknown kid is remembered as unknown, so forged kids cannot make us hammer 8x8. */
  negativeTtlMs?: number;
  /** How often a kid whose key stopped verifying may be fetched again. */
  refetchIntervalMs?: number;
  /** Keys kept; the one used least recently goes first. */
  maxKeys?: number;
}

/** 8x8 publishes a handful of keys at a time; far more kids than this are not 8x8's rotation. */
const MAX_KEYS = 64;
const MAX_UNKNOWN_KIDS = 10_000;

/**
 * Fetches 8x8's webhook signing keys by kid and keeps them. Every 8x8 sample fetches
 * from the legacy path /vcc/{region}/chat/v2/jwk/{kid}/public, which the gateway
 * pages also hard-code; the gateway OAS adds /chat-gateway/v1/jwk/{kid}/public.
 * We ask the documented-everywhere path first and fall back to the gateway one.
 * The lookup rejects when 8x8 cannot be reached (or is busy), so the webhook is
 * answered 503 and retried by 8x8, rather than refused as if its key were
 * unknown. Each path is tried once: 8x8's redelivery of the webhook is the retry.
 *
 * A kept key that stops verifying is fetched again (at most once a
 * `refetchIntervalMs` per kid): when 8x8's answer changed (a new key under the
 * same kid, or none), the kept one is dropped. The cache holds `maxKeys` kids.
 */
export function jwkKeys(options: JwkKeysOptions): KeyLookup {
  const known = new Map<string, KeyObject>();
  const unknownUntil = new Map<string, number>();
  const refetchedAt = new Map<string, number>();
  const inFlight = new Map<string, Promise<KeyObject | undefined>>();
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const refetchIntervalMs = options.refetchIntervalMs ?? 60_000;
  const maxKeys = options.maxKeys ?? MAX_KEYS;
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

  /** One request per kid however many webhooks ask at the same time; the answer is kept. */
  function fetchOnce(kid: string): Promise<KeyObject | undefined> {
    let pending = inFlight.get(kid);
    if (!pending) {
      pending = fetchKey(kid)
        .then((fetched) => {
          if (fetched) keep(kid, fetched);
          else forget(kid);
          return fetched;
        })
        .finally(() => inFlight.delete(kid));
      inFlight.set(kid, pending);
    }
    return pending;
  }

  function keep(kid: string, key: KeyObject) {
    known.delete(kid);
    known.set(kid, key);
    unknownUntil.delete(kid);
    if (known.size > maxKeys) known.delete(known.keys().next().value!);
  }

  function forget(kid: string) {
    known.delete(kid);
    if (unknownUntil.size >= MAX_UNKNOWN_KIDS) unknownUntil.clear();
    unknownUntil.set(kid, Date.now() + negativeTtlMs);
  }

  const lookup: KeyLookup = async (kid) => {
    const key = known.get(kid);
    if (key) {
      keep(kid, key); // most recently used
      return key;
    }
    if ((unknownUntil.get(kid) ?? 0) > Date.now()) return undefined;
    return fetchOnce(kid);
  };
  lookup.refetch = async (kid, stale) => {
    const kept = known.get(kid);
    if (kept && !kept.equals(stale)) return kept; // another webhook refetched it already
    if ((refetchedAt.get(kid) ?? 0) + refetchIntervalMs > Date.now()) return undefined;
    refetchedAt.set(kid, Date.now());
    if (refetchedAt.size > maxKeys * 4) refetchedAt.delete(refetchedAt.keys().next().value!);
    const fresh = await fetchOnce(kid);
    return fresh && !fresh.equals(stale) ? fresh : undefined;
  };
  return lookup;
}

/**
 * The RSA key a JWK answer holds for `kid`, read as 8x8's own samples read it:
 * Nimbus `RSAKey.parse` and web-token `JWK::createFromJson` take a bare JWK
 * (its `kid` is not required), jose `importJWK` takes the parsed object. So we
 * take a bare JWK with this kid or none, a JSON string holding one, or a JWK
 * Set (`{"keys":[…]}`, by kid; a lone key without a kid too). The OAS example
 * is a bare JWK with its kid. Anything but an RSA key is refused.
 */
export function publicKey(body: unknown, kid: string): KeyObject | undefined {
  const jwk = findJwk(typeof body === 'string' ? parseOrUndefined(body) : body, kid);
  if (jwk?.kty !== 'RSA') return undefined;
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

function findJwk(body: unknown, kid: string): JsonRecord | undefined {
  if (!isRecord(body)) return undefined;
  if (Array.isArray(body.keys)) {
    const keys = list(body.keys).filter(isRecord);
    const lone = keys.length === 1 && keys[0]!.kid === undefined ? keys[0] : undefined;
    return keys.find((key) => key.kid === kid) ?? lone;
  }
  return body.kid === undefined || body.kid === kid ? body : undefined;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
