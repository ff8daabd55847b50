import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { SigningKey } from '../simulator/signing-key.js';
import type { VariantSettings } from '../simulator/variants.js';
import { jwkKeys, publicKey } from './jwk-keys.js';

/**
 * The JWK answer as 8x8's samples read it (reference §3.2; 8x8's "Validating
 * Webhook Events" page): Nimbus `RSAKey.parse(body)`, web-token
 * `JWK::createFromJson($data)`, jose `importJWK(await response.json())`. The
 * OAS example (`GET /chat-gateway/v1/jwk/{jwkId}/public`) is
 * `{"kty":"RSA","e":"AQAB","kid":"EXaiWfZe20eSjklZ70074w","n":"…"}`; its `n` is
 * elided there, so a real modulus stands in for the "…".
 */
describe('publicKey: the JWK answer', () => {
  const KID = 'EXaiWfZe20eSjklZ70074w';
  const { n } = new SigningKey().jwk;
  const documented = { kty: 'RSA', e: 'AQAB', kid: KID, n };
  const { kid: _kid, ...withoutKid } = documented;
  const rsa = (body: unknown) => publicKey(body, KID)?.asymmetricKeyType;

  it('takes the documented bare JWK, with its kid or without one', () => {
    expect(rsa(documented)).toBe('rsa');
    expect(rsa(withoutKid)).toBe('rsa');
  });

  it('takes a JSON string holding the JWK, and a JWK Set, picking the key by kid', () => {
    expect(rsa(JSON.stringify(documented))).toBe('rsa');
    const other = { ...new SigningKey().jwk, kty: 'RSA' };
    const set = publicKey({ keys: [other, documented] }, KID);
    expect(set?.export({ format: 'jwk' }).n).toBe(n);
    expect(rsa({ keys: [withoutKid] })).toBe('rsa');
  });

  it('refuses a key of another kid, an EC or symmetric key, and what is no JWK', () => {
    expect(rsa({ ...documented, kid: 'another' })).toBeUndefined();
    expect(rsa({ keys: [{ ...documented, kid: 'another' }, withoutKid] })).toBeUndefined();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    });
    expect(rsa({ ...ec, kid: KID })).toBeUndefined();
    expect(rsa({ ...ec, kty: 'RSA', kid: KID })).toBeUndefined();
    expect(rsa({ kty: 'oct', k: 'c2VjcmV0', kid: KID })).toBeUndefined();
    for (const junk of ['not json', '"still a string"', [documented], null, 42, { kid: KID }]) {
      expect(rsa(junk)).toBeUndefined();
    }
  });
});

/** 8x8's signing keys, fetched by kid from the simulator's JWK endpoints and kept. */
describe('jwkKeys', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
  });
  afterAll(() => t.close());
  beforeEach(() => t.simulator.faults.clear());

  /** Counts the calls to the JWK endpoints (a fault that does nothing but count). */
  const countJwkCalls = () => {
    t.simulator.faults.api.add({ count: 1000, mode: 'delay-after', delayMs: 0, path: '/jwk/' });
    return () => 1000 - t.simulator.faults.api.pending;
  };
  const lookup = (negativeTtlMs = 60_000) =>
    jwkKeys({ baseUrl: t.url, region: 'us', timeoutMs: 2000, negativeTtlMs });

  it('fetches a kid once and keeps it, however many webhooks ask at the same time', async () => {
    const calls = countJwkCalls();
    const keys = lookup();
    const kid = t.simulator.rotateKey().kid;
    const found = await Promise.all(Array.from({ length: 10 }, () => keys(kid)));
    expect(found.every((key) => key?.asymmetricKeyType === 'rsa')).toBe(true);
    await keys(kid);
    expect(calls()).toBe(1);
  });

  it('remembers an unknown kid for a while, so forged kids cannot make it hammer 8x8', async () => {
    const calls = countJwkCalls();
    const keys = lookup();
    const stranger = new SigningKey().kid;
    expect(await keys(stranger)).toBeUndefined();
    expect(await keys(stranger)).toBeUndefined();
    expect(calls()).toBe(2); // both documented paths, once
  });

  it.each<VariantSettings['jwkShape']>(['bare', 'bare-without-kid', 'json-string', 'jwk-set'])(
    'reads the simulator\'s "%s" answer',
    async (jwkShape) => {
      t.simulator.faults.variants.set({ jwkShape });
      const kid = t.simulator.rotateKey().kid;
      const found = await lookup()(kid);
      expect(found?.export({ format: 'jwk' }).n).toBe(t.simulator.signingKey.jwk.n);
    },
  );

  it('refuses an answer that is not an RSA key', async () => {
    t.simulator.faults.variants.set({ jwkShape: 'not-rsa' });
    expect(await lookup()(t.simulator.rotateKey().kid)).toBeUndefined();
  });

  it('fetches a kept key again once it stops verifying, and answers the new one if it changed', async () => {
    const keys = lookup();
    const old = await keys(t.simulator.rotateKey().kid);
    const kid = t.simulator.signingKey.kid;
    // Unchanged at 8x8: nothing new, and no second request within the interval.
    const calls = countJwkCalls();
    expect(await keys.refetch!(kid, old!)).toBeUndefined();
    expect(await keys.refetch!(kid, old!)).toBeUndefined();
    expect(calls()).toBe(1);

    // 8x8 replaces the key under the same kid: the kept one is dropped for the new one.
    t.simulator.rotateKey({ sameKid: true });
    const renewed = await keys.refetch!(kid, old!);
    expect(renewed).toBeUndefined(); // not again within the interval
    const eager = jwkKeys({ baseUrl: t.url, region: 'us', timeoutMs: 2000, refetchIntervalMs: 0 });
    const stale = await eager(kid);
    t.simulator.rotateKey({ sameKid: true });
    const fresh = await eager.refetch!(kid, stale!);
    expect(fresh?.export({ format: 'jwk' }).n).toBe(t.simulator.signingKey.jwk.n);
    expect(fresh?.equals(stale!)).toBe(false);
    expect(await eager(kid)).toBe(fresh);
  });

  it('keeps a bounded number of keys, dropping the one used least recently', async () => {
    const keys = jwkKeys({ baseUrl: t.url, region: 'us', timeoutMs: 2000, maxKeys: 2 });
    const [a, b, c] = [1, 2, 3].map(() => t.simulator.rotateKey().kid);
    await keys(a!);
    await keys(b!);
    await keys(a!); // a is used again: b is now the oldest
    await keys(c!);
    const calls = countJwkCalls();
    await keys(a!);
    await keys(c!);
    expect(calls()).toBe(0);
    await keys(b!);
    expect(calls()).toBe(1);
  });

  it('throws (so the webhook is answered 503) when 8x8 cannot be asked, and asks again next time', async () => {
    const keys = lookup();
    const kid = t.simulator.rotateKey().kid;
    t.simulator.faults.api.add({ count: 2, status: 503, path: '/jwk/' });
    await expect(keys(kid)).rejects.toThrow(/unreachable/);
    expect(await keys(kid)).toBeDefined();
  });
});
