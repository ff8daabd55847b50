import { type KeyObject, verify } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * 8x8's webhook signature ("Validating Webhook Events"): a detached JWS
 * (RFC 7515) with an unencoded payload (RFC 7797), RS256. What is signed is not
 * the body but a compact JSON of the x-8x8-* headers and the CRC-32 of the raw
 * body bytes, keys in exactly this order.
 */

export interface WebhookHeaders {
  customerId: string;
  eventId: string;
  tenantId: string;
  /** x-8x8-transmission-time, epoch ms. */
  transmissionTime: number;
  retry: number;
}

/** The payload that the JWS signs, byte for byte. */
export function signedPayload(rawBody: Uint8Array, headers: WebhookHeaders): string {
  return JSON.stringify({
    checksum: crc32(rawBody),
    cid: headers.customerId,
    eid: headers.eventId,
    retry: headers.retry,
    tid: headers.tenantId,
    tt: headers.transmissionTime,
  });
}

export interface ProtectedHeader {
  alg: 'RS256';
  b64: false;
  crit: ['b64'];
  kid: string;
}

/** The only kids we will ever put in a URL path. */
const KID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * 8x8's public keys by kid: undefined when 8x8 has no such key; rejects when 8x8
 * cannot be asked. `refetch`, when there is one, is asked after `stale` failed to
 * verify: it answers the key 8x8 publishes under that kid now, if that differs.
 */
export interface KeyLookup {
  (kid: string): Promise<KeyObject | undefined>;
  refetch?: (kid: string, stale: KeyObject) => Promise<KeyObject | undefined>;
}

export type Verdict =
  | { ok: true; kid: string }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'stale' };

/**
 * The RSA-SHA256 check itself: pure CPU, so it may run on a worker thread
 * while the event loop is busy. Inline by default.
 */
export type RsaCheck = (
  signingInput: string,
  signature: Buffer,
  key: KeyObject,
) => boolean | Promise<boolean>;

/** The check on the calling thread. */
export const rsaCheckInline: RsaCheck = (signingInput, signature, key) =>
  verify('RSA-SHA256', Buffer.from(signingInput), key, signature);

export interface VerifyOptions {
  keys: KeyLookup;
  check?: RsaCheck;
  /** Largest accepted distance between x-8x8-transmission-time and now. */
  maxSkewMs: number;
  now?: number;
}

export async function verifyWebhookSignature(
  rawBody: Uint8Array,
  headers: WebhookHeaders,
  signature: string,
  options: VerifyOptions,
): Promise<Verdict> {
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '') return { ok: false, reason: 'malformed' };
  const [encodedHeader = '', , encodedSignature = ''] = parts;
  const header = parseProtectedHeader(encodedHeader);
  if (!header) return { ok: false, reason: 'malformed' };

  const now = options.now ?? Date.now();
  if (Math.abs(now - headers.transmissionTime) > options.maxSkewMs) {
    return { ok: false, reason: 'stale' };
  }

  const key = await options.keys(header.kid);
  if (!key || !isRsa(key)) return { ok: false, reason: 'unknown-key' };

  const signingInput = `${encodedHeader}.${signedPayload(rawBody, headers)}`;
  const signatureBytes = Buffer.from(encodedSignature, 'base64url');
  const check = options.check ?? rsaCheckInline;
  if (await check(signingInput, signatureBytes, key)) return { ok: true, kid: header.kid };
  // The kept key may be one 8x8 has since replaced under the same kid.
  const fresh = await options.keys.refetch?.(header.kid, key);
  if (fresh && isRsa(fresh) && (await check(signingInput, signatureBytes, fresh))) {
    return { ok: true, kid: header.kid };
  }
  return { ok: false, reason: 'bad-signature' };
}

/** Key confusion: only an RSA public key can verify, whatever the header claims. */
function isRsa(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa';
}

/** Accepts exactly the header 8x8 sends; anything else (alg none, HS256, b64 true) is malformed. */
function parseProtectedHeader(encoded: string): ProtectedHeader | undefined {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const { alg, b64, crit, kid } = header as Record<string, unknown>;
  const critOk = Array.isArray(crit) && crit.length === 1 && crit[0] === 'b64';
  if (alg !== 'RS256' || b64 !== false || !critOk) return undefined;
  if (typeof kid !== 'string' || !KID.test(kid)) return undefined;
  return { alg, b64, crit: ['b64'], kid };
}

/** The x-8x8-* headers of a webhook as 8x8 sends them: what readWebhookHeaders reads. */
export function webhookHttpHeaders(
  headers: WebhookHeaders,
  signature: string,
): Record<string, string> {
  return {
    'x-8x8-customer-id': headers.customerId,
    'x-8x8-tenant-id': headers.tenantId,
    'x-8x8-event-id': headers.eventId,
    'x-8x8-transmission-time': String(headers.transmissionTime),
    'x-8x8-retry': String(headers.retry),
    'x-8x8-signature': signature,
  };
}

/** Reads the x-8x8-* headers; undefined when one is missing or not a number where it must be. */
export function readWebhookHeaders(
  get: (name: string) => string | undefined,
): { headers: WebhookHeaders; signature: string } | undefined {
  const customerId = get('x-8x8-customer-id');
  const eventId = get('x-8x8-event-id');
  const tenantId = get('x-8x8-tenant-id');
  const signature = get('x-8x8-signature');
  const transmissionTime = Number(get('x-8x8-transmission-time'));
  const retry = Number(get('x-8x8-retry') ?? '0');
  if (!customerId || !eventId || !tenantId || !signature) return undefined;
  if (!Number.isSafeInteger(transmissionTime) || !Number.isSafeInteger(retry) || retry < 0) {
    return undefined;
  }
  return { headers: { customerId, eventId, tenantId, transmissionTime, retry }, signature };
}
