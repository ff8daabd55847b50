import { describe, expect, it } from 'vitest';
import { UpstreamError } from './contact-center.js';
import { createOnce } from './create-once.js';

/**
 * The rules of a create that never queues a visitor twice, with a fake 8x8 that
 * plays each outcome; adapters.contract.test.ts proves the same against the
 * simulator over HTTP.
 */

const lost = () =>
  new UpstreamError('8x8 did not answer within 300 ms', undefined, true, {
    maybeProcessed: true,
  });
const refused = () => new UpstreamError('8x8 answered 400', 400, false);

/** A fake 8x8: `creates` says what each create does; `held` is what 8x8 holds for the visitor. */
function fake8x8(
  creates: ('ok' | 'lost-after-acting' | 'lost' | 'refused')[],
  lookups: ('ok' | 'fail' | 'miss')[] = [],
) {
  const held: string[] = [];
  const left: string[] = [];
  let made = 0;
  let looked = 0;
  return {
    held,
    left,
    calls: {
      async post() {
        const outcome = creates[made++] ?? 'ok';
        if (outcome === 'refused') throw refused();
        if (outcome === 'lost') throw lost();
        const id = `conversation-${made}`;
        held.push(id);
        if (outcome === 'lost-after-acting') throw lost();
        return { status: 202, body: { conversationId: id } };
      },
      async find() {
        const outcome = lookups[looked++] ?? 'ok';
        if (outcome === 'fail') throw new UpstreamError('8x8 answered 503', 503, true);
        return outcome === 'miss' ? [] : held.filter((id) => !left.includes(id));
      },
      async leave(id: string) {
        left.push(id);
      },
    },
    get creates() {
      return made;
    },
  };
}

describe('creating a conversation once', () => {
  it('creates once when 8x8 answers', async () => {
    const cc = fake8x8(['ok']);
    expect(await createOnce(cc.calls)).toBe('conversation-1');
    expect(cc.creates).toBe(1);
  });

  it('surfaces a refusal at once, without looking anything up', async () => {
    const cc = fake8x8(['refused']);
    await expect(createOnce(cc.calls)).rejects.toMatchObject({ status: 400 });
    expect(cc.creates).toBe(1);
  });

  it('after an answer lost once 8x8 acted, takes the conversation found instead of creating another', async () => {
    const cc = fake8x8(['lost-after-acting']);
    expect(await createOnce(cc.calls)).toBe('conversation-1');
    expect(cc.creates).toBe(1);
    expect(cc.held).toEqual(['conversation-1']);
  });

  it('finding none (8x8 had not acted), creates once more with the same visitor', async () => {
    const cc = fake8x8(['lost', 'ok']);
    expect(await createOnce(cc.calls)).toBe('conversation-2');
    expect(cc.creates).toBe(2);
  });

  it('when the first turns up after the look-up missed it, ends it: one conversation waits', async () => {
    const cc = fake8x8(['lost-after-acting', 'ok'], ['miss', 'ok']);
    expect(await createOnce(cc.calls)).toBe('conversation-2');
    expect(cc.left).toEqual(['conversation-1']);
  });

  it('keeps the first of several found and ends the rest', async () => {
    const cc = fake8x8(['ok', 'ok', 'lost-after-acting']);
    await cc.calls.post();
    await cc.calls.post();
    expect(await createOnce(cc.calls)).toBe('conversation-1');
    expect(cc.left).toEqual(['conversation-2', 'conversation-3']);
  });

  it("when the look-up fails, surfaces the create's error and creates nothing more", async () => {
    const cc = fake8x8(['lost-after-acting'], ['fail']);
    await expect(createOnce(cc.calls)).rejects.toMatchObject({ maybeProcessed: true });
    expect(cc.creates).toBe(1);
  });

  it('gives up after a second lost answer with nothing found', async () => {
    const cc = fake8x8(['lost', 'lost', 'ok']);
    await expect(createOnce(cc.calls)).rejects.toMatchObject({ maybeProcessed: true });
    expect(cc.creates).toBe(2);
  });
});
