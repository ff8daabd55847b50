import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { SigningKey } from '../simulator/signing-key.js';
import { jwkKeys } from './jwk-keys.js';

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

  it('throws (so the webhook is answered 503) when 8x8 cannot be asked, and asks again next time', async () => {
    const keys = lookup();
    const kid = t.simulator.rotateKey().kid;
    t.simulator.faults.api.add({ count: 2, status: 503, path: '/jwk/' });
    await expect(keys(kid)).rejects.toThrow(/unreachable/);
    expect(await keys(kid)).toBeDefined();
  });
});
