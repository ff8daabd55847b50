import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';
import { type ContactCenter, UpstreamError, type UpstreamMessage } from './contact-center.js';

/**
 * "A retried send never posts a message twice", proven against the simulator
 * with faults that make a send ambiguous: 8x8 stored the message, but the
 * caller saw a 5xx, a broken connection or a timeout. A send is one try; the
 * outbox retries it, as `untilSent` does here.
 */
describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])('sending once (%s)', (api) => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator(api);
  });
  afterAll(() => t.close());
  beforeEach(() => t.simulator.faults.clear());

  const conversation = async (cc = t.adapter()) => {
    const { upstreamId } = await cc.createConversation({
      visitorId: 'parley-test',
      visitor: {},
      variables: {},
    });
    return {
      cc,
      upstreamId,
      texts: () => t.simulator.conversation(upstreamId).messages.map((m) => m.text),
    };
  };
  const postFails = (fault: Parameters<typeof t.simulator.faults.api.add>[0]) =>
    t.simulator.faults.api.add({ method: 'POST', path: '/messages', ...fault });

  /** Sends as the outbox does: one call per attempt, a retryable failure tried again. */
  const untilSent = async (
    cc: ContactCenter,
    upstreamId: string,
    message: UpstreamMessage,
    attempts = 3,
  ) => {
    const firstAttemptAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await cc.sendMessage(upstreamId, {
          ...message,
          ...(attempt > 1 ? { firstAttemptAt } : {}),
        });
      } catch (error) {
        if (!(error instanceof UpstreamError && error.retryable) || attempt >= attempts)
          throw error;
      }
    }
  };

  it('reads back after a 5xx that came after 8x8 stored the message, and does not post again', async () => {
    const { cc, upstreamId, texts } = await conversation();
    postFails({ count: 1, mode: 'fail-after', status: 500 });
    await untilSent(cc, upstreamId, { text: 'only once' });
    expect(texts()).toEqual(['only once']);
  });

  it('reads back after the connection broke once the message was stored', async () => {
    const { cc, upstreamId, texts } = await conversation();
    postFails({ count: 1, mode: 'reset-after' });
    await untilSent(cc, upstreamId, { text: 'only once' });
    expect(texts()).toEqual(['only once']);
  });

  it('reads back after a timeout, when 8x8 got the message but answered too late', async () => {
    const { cc, upstreamId, texts } = await conversation(t.adapter({ CC_TIMEOUT_MS: '300' }));
    postFails({ count: 1, mode: 'delay-after', delayMs: 900 });
    await untilSent(cc, upstreamId, { text: 'only once' });
    expect(texts()).toEqual(['only once']);
  });

  it('posts again after a failure 8x8 did nothing for (503), without reading back', async () => {
    const { cc, upstreamId, texts } = await conversation();
    postFails({ count: 1, status: 503 });
    t.simulator.faults.api.add({ count: 5, status: 500, method: 'GET', path: '/messages' });
    await untilSent(cc, upstreamId, { text: 'second try' });
    expect(texts()).toEqual(['second try']);
    expect(t.simulator.faults.api.pending).toBe(5); // no read-back was needed
  });

  it('posts again when the read-back shows the failed post never landed', async () => {
    const { cc, upstreamId, texts } = await conversation(t.adapter({ CC_TIMEOUT_MS: '300' }));
    // 8x8 fails with 500 before storing anything: ambiguous to us, so we look first.
    postFails({ count: 1, status: 500 });
    await untilSent(cc, upstreamId, { text: 'landed the second time' });
    expect(texts()).toEqual(['landed the second time']);
  });

  it('tells a repeated text apart from its retry: "ok", then "ok" again, makes two', async () => {
    const { cc, upstreamId, texts } = await conversation();
    await cc.sendMessage(upstreamId, { text: 'ok' });
    postFails({ count: 1, mode: 'fail-after', status: 502 });
    await untilSent(cc, upstreamId, { text: 'ok' });
    postFails({ count: 1, status: 500 });
    await untilSent(cc, upstreamId, { text: 'ok' });
    expect(texts()).toEqual(['ok', 'ok', 'ok']);
  });

  it('keeps checking while the read-back itself fails, and never posts blind', async () => {
    const { cc, upstreamId, texts } = await conversation();
    postFails({ count: 1, mode: 'fail-after', status: 500 });
    t.simulator.faults.api.add({ count: 2, status: 503, method: 'GET', path: '/messages' });
    await untilSent(cc, upstreamId, { text: 'still once' }, 4);
    expect(texts()).toEqual(['still once']);
  });

  it('remembers an unsettled send: the outbox retrying it later does not post it again', async () => {
    const { cc, upstreamId, texts } = await conversation();
    postFails({ count: 1, mode: 'fail-after', status: 500 });
    await expect(cc.sendMessage(upstreamId, { text: 'unsettled' })).rejects.toMatchObject({
      retryable: true,
    });
    await cc.sendMessage(upstreamId, { text: 'unsettled' });
    expect(texts()).toEqual(['unsettled']);
  });

  it('after a restart, a retry that says when it was first tried is checked before posting', async () => {
    const before = await conversation();
    const firstAttemptAt = Date.now();
    postFails({ count: 1, mode: 'fail-after', status: 500 });
    await expect(
      before.cc.sendMessage(before.upstreamId, { text: 'across a restart' }),
    ).rejects.toThrow();

    const restarted = t.adapter(); // a new process: it knows nothing of the first attempt
    await restarted.sendMessage(before.upstreamId, { text: 'across a restart', firstAttemptAt });
    expect(before.texts()).toEqual(['across a restart']);
  });

  it('after a restart, a retry whose first attempt never landed is posted', async () => {
    const before = await conversation();
    const firstAttemptAt = Date.now();
    postFails({ count: 1, status: 503 });
    await expect(
      before.cc.sendMessage(before.upstreamId, { text: 'never landed' }),
    ).rejects.toThrow();
    await t.adapter().sendMessage(before.upstreamId, { text: 'never landed', firstAttemptAt });
    expect(before.texts()).toEqual(['never landed']);
  });

  if (api === 'chat-gateway') {
    it('after a restart, an identical message from before the first attempt is not taken for it', async () => {
      const { cc, upstreamId, texts } = await conversation();
      await cc.sendMessage(upstreamId, { text: 'yes' });
      // The retried "yes" was first tried well after the earlier one was stored.
      const firstAttemptAt = Date.now() + 10_000;
      await t.adapter().sendMessage(upstreamId, { text: 'yes', firstAttemptAt });
      expect(texts()).toEqual(['yes', 'yes']);
    });

    it('counts attachments as part of what a message is', async () => {
      const { cc, upstreamId } = await conversation();
      const file = { name: 'a.png', contentType: 'image/png', data: new Uint8Array([1, 2, 3]) };
      const { id } = await cc.uploadAttachment(upstreamId, file);
      await cc.sendMessage(upstreamId, { text: 'look' });
      postFails({ count: 1, mode: 'fail-after', status: 500 });
      await untilSent(cc, upstreamId, { text: 'look', attachmentIds: [id] });
      const messages = t.simulator.conversation(upstreamId).messages;
      expect(messages.map((m) => [m.text, m.attachmentIds])).toEqual([
        ['look', []],
        ['look', [id]],
      ]);
    });
  }
});
