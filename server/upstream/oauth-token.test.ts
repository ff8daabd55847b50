import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { OAuthToken } from './oauth-token.js';
import { DEFAULT_RETRY } from './retry.js';

/** The legacy API's client-credentials token, against the simulator's /oauth/v2/token. */
describe('the legacy OAuth token', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-api', { tokenTtlSeconds: 3600 });
  });
  afterAll(() => t.close());

  const tokenAt = (clock: { now: number }, secret = t.simulator.apiSecret) =>
    new OAuthToken({
      baseUrl: t.url,
      apiKey: t.simulator.apiKey,
      apiSecret: secret,
      timeoutMs: 2000,
      retry: { ...DEFAULT_RETRY, baseDelayMs: 5 },
      now: () => clock.now,
    });

  it('is fetched once and reused while it is valid (expires_in is a string)', async () => {
    const clock = { now: 1_000_000 };
    const token = tokenAt(clock);
    const issued = t.simulator.tokens.size;
    const first = await token.get();
    expect(t.simulator.tokenValid(first)).toBe(true);
    clock.now += 3000 * 1000;
    expect(await token.get()).toBe(first);
    expect(t.simulator.tokens.size).toBe(issued + 1);
  });

  it('is refreshed a minute before expires_in runs out', async () => {
    const clock = { now: 1_000_000 };
    const token = tokenAt(clock);
    const first = await token.get();
    clock.now += (3600 - 61) * 1000;
    expect(await token.get()).toBe(first);
    clock.now += 2000;
    expect(await token.get()).not.toBe(first);
  });

  it('asks for one token however many calls wait for it', async () => {
    const token = tokenAt({ now: 1_000_000 });
    const issued = t.simulator.tokens.size;
    const tokens = await Promise.all(Array.from({ length: 25 }, () => token.get()));
    expect(new Set(tokens).size).toBe(1);
    expect(t.simulator.tokens.size).toBe(issued + 1);
  });

  it('fetches a new one after 8x8 refused the old one', async () => {
    const token = tokenAt({ now: 1_000_000 });
    const first = await token.get();
    token.invalidate('some other token');
    expect(await token.get()).toBe(first);
    token.invalidate(first);
    expect(await token.get()).not.toBe(first);
  });

  it('fails with a clear, non-retryable 401 for a wrong secret', async () => {
    const error = await tokenAt({ now: 0 }, 'wrong')
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect((error as Error).message).toMatch(/ClientId is Invalid/);
  });
});

describe('the legacy adapter and its token', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-api', { tokenTtlSeconds: 3600 });
  });
  afterAll(() => t.close());

  it('sends the bearer token, and on a 401 (token revoked) gets a new one and carries on', async () => {
    const cc = t.adapter();
    const { upstreamId } = await cc.createConversation({
      visitorId: 'parley-test',
      visitor: {},
      variables: {},
    });
    t.simulator.revokeTokens();
    await cc.sendMessage(upstreamId, { text: 'still here' });
    expect(t.simulator.conversation(upstreamId).messages.map((m) => m.text)).toEqual([
      'still here',
    ]);
    expect(t.simulator.tokens.size).toBe(1);
  });

  it('keeps working across short-lived tokens, fetching each in turn', async () => {
    const short = await startSimulator('chat-api', { tokenTtlSeconds: 1 });
    try {
      const cc = short.adapter();
      const { upstreamId } = await cc.createConversation({
        visitorId: 'parley-test',
        visitor: {},
        variables: {},
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await cc.sendMessage(upstreamId, { text: 'later' });
      expect(short.simulator.tokens.size).toBe(2);
    } finally {
      await short.close();
    }
  });
});
