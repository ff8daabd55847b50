import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { SAMPLE_CARDS } from '../simulator/sample-cards.js';

/**
 * A visitor's card answer at the simulator, which serves 8x8's action-submit at
 * each documented path: the user message carries the `adaptiveCard/action`
 * value, the card's action-submit is called once, 8x8 reports the activity.
 */
describe('a card answer through the Chat Gateway adapter', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
  });
  afterAll(() => t.close());

  /** A card from the agent; the documented path names the tenant, configured as a deployment would. */
  async function cardSent(env: Record<string, string> = { CC_TENANT_ID: t.simulator.tenantId }) {
    const cc = t.adapter(env);
    const { upstreamId } = await cc.createConversation({
      visitorId: 'parley-card-visitor',
      visitor: { name: 'Ada' },
      variables: {},
    });
    const conversation = t.simulator.conversation(upstreamId);
    t.simulator.accept('agent-alex', upstreamId);
    t.simulator.agentMessage(
      'agent-alex',
      upstreamId,
      '',
      [],
      [structuredClone(SAMPLE_CARDS.feedback)],
    );
    const cardId = String(conversation.messages.at(-1)!.cards[0]!.id);
    return { cc, upstreamId, conversation, cardId };
  }

  const answer = (cardId: string) => ({
    text: 'Send feedback\nfeedbackRating: 5\ncomments: Great service!',
    cardSubmit: {
      messageId: 'evt-1',
      cardIndex: 0,
      cardId,
      type: 'Action.Submit' as const,
      data: { feedbackRating: '5', comments: 'Great service!' },
    },
  });

  it('posts the answer with the activity value as its card, then action-submit at the documented path', async () => {
    const { cc, upstreamId, conversation, cardId } = await cardSent();
    await cc.sendMessage(upstreamId, answer(cardId));
    const posted = conversation.messages.at(-1)!;
    expect(posted).toMatchObject({
      author: { type: 'user' },
      text: 'Send feedback\nfeedbackRating: 5\ncomments: Great service!',
      cards: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'Action.Submit',
            data: { feedbackRating: '5', comments: 'Great service!' },
          },
        },
      ],
    });
    expect(conversation.cardSubmits).toEqual([
      {
        cardId,
        path: 'tenant',
        value: { type: 'Action.Submit', data: { feedbackRating: '5', comments: 'Great service!' } },
        at: expect.any(String),
      },
    ]);
    expect(conversation.messages.find((m) => m.cards[0]?.id === cardId)?.cards[0]).toMatchObject({
      actionSubmitted: true,
    });
  });

  it('a retry (after a restart) of an answer that reached 8x8 posts it not again', async () => {
    const { cc, upstreamId, conversation, cardId } = await cardSent();
    const firstAttemptAt = Date.now();
    await cc.sendMessage(upstreamId, answer(cardId));
    const messages = conversation.messages.length;
    const restarted = t.adapter({ CC_TENANT_ID: t.simulator.tenantId });
    await restarted.sendMessage(upstreamId, { ...answer(cardId), firstAttemptAt });
    expect(conversation.messages).toHaveLength(messages);
  });

  it('without a tenant id configured, action-submit goes to the /chat-gateway/v1 path', async () => {
    const { cc, upstreamId, conversation, cardId } = await cardSent({});
    await cc.sendMessage(upstreamId, answer(cardId));
    expect(conversation.cardSubmits.map((submit) => submit.path)).toEqual(['gateway']);
  });

  it.each(['gateway', 'tenant'] as const)(
    'reaches 8x8 when only the %s path is served (the doc may be wrong about it)',
    async (path) => {
      t.simulator.faults.variants.set({ cardSubmitPath: path });
      try {
        const { cc, upstreamId, conversation, cardId } = await cardSent();
        await cc.sendMessage(upstreamId, answer(cardId));
        expect(conversation.cardSubmits.map((submit) => submit.path)).toEqual([path]);
      } finally {
        t.simulator.faults.variants.clear();
      }
    },
  );
});
