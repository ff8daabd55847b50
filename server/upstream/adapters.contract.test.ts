import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import { type ContactCenterApi, loadConfig } from '../config.js';
import type { ApiFault } from '../simulator/faults.js';
import { UpstreamError } from './contact-center.js';
import { createContactCenter } from './create-contact-center.js';

/**
 * Every call of each adapter against the simulator, which speaks 8x8's wire
 * protocol: the same test for both API versions wherever they can do the same.
 */
describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])('the %s adapter', (api) => {
  const legacy = api === 'chat-api';
  let t: TestSimulator;
  let visitors = 0;
  beforeAll(async () => {
    t = await startSimulator(api);
  });
  afterAll(() => t.close());

  const create = (cc = t.adapter(), input = {}) =>
    cc.createConversation({
      visitorId: `parley-${++visitors}`,
      visitor: { name: 'Ada Lovelace' },
      variables: {},
      ...input,
    });

  it('says what it can carry besides text', () => {
    expect(t.adapter().features).toEqual({
      typing: !legacy,
      attachments: !legacy,
      readReceipts: !legacy,
    });
  });

  it('creates a conversation with the visitor details, the variables and the history', async () => {
    const { upstreamId } = await create(t.adapter(), {
      visitor: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
      locale: 'zh-Hans-CN',
      variables: { _plan: 'gold', $caseNumber: '42' },
      history: [
        { role: 'visitor', text: 'I need help' },
        { role: 'bot', text: 'Connecting you to an agent' },
      ],
    });
    const conversation = t.simulator.conversation(upstreamId);
    expect(conversation.api).toBe(legacy ? 'legacy' : 'gateway');
    expect(conversation.user).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      language: 'zh-CN',
      additionalProperties: [
        { key: '_plan', value: 'gold' },
        { key: '$caseNumber', value: '42' },
      ],
    });
    if (legacy) {
      // Custom keys go flat on `customer`, which 8x8 reads back as sent.
      expect(conversation.customer).toMatchObject({ _plan: 'gold', $caseNumber: '42' });
    }
    expect(conversation.messages.map((m) => [m.author.type, m.text])).toEqual([
      ['user', 'I need help'],
      ['bot', 'Connecting you to an agent'],
    ]);
  });

  it("maps the visitor's locale onto 8x8's languages, and leaves out what 8x8 does not know", async () => {
    for (const [locale, language] of [
      ['en-US', 'en'],
      ['pt-BR', 'pt'],
      ['zh-TW', 'zh-TW'],
      ['nb-NO', 'no'],
      ['tlh', undefined],
    ] as const) {
      const { upstreamId } = await create(t.adapter(), { locale });
      expect(t.simulator.conversation(upstreamId).user.language).toBe(language);
    }
  });

  it('routes to the channel queue, and the conversation is queued there', async () => {
    const { upstreamId } = await create();
    await eventually(() => t.simulator.conversation(upstreamId).waiting);
    expect(t.simulator.conversation(upstreamId).queueId).toBe(t.channel.routingOptions.id);
  });

  it('sends text messages as the visitor', async () => {
    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    await cc.sendMessage(upstreamId, { text: 'first' });
    await cc.sendMessage(upstreamId, { text: 'second' });
    expect(
      t.simulator.conversation(upstreamId).messages.map((m) => [m.author.type, m.text]),
    ).toEqual([
      ['user', 'first'],
      ['user', 'second'],
    ]);
  });

  it("answers a quick reply with its title; the gateway adds the postback as the chosen option's card", async () => {
    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    await cc.sendMessage(upstreamId, {
      text: 'Check order status',
      quickReplyPayload: 'order_status',
    });
    const message = t.simulator.conversation(upstreamId).messages.at(-1);
    expect(message).toMatchObject({ author: { type: 'user' }, text: 'Check order status' });
    // As in the OAS SendMessage example: a user message with an 8x8 quick-replies card.
    expect(message?.cards).toEqual(
      legacy
        ? []
        : [
            {
              contentType: 'application/8x8.quick.replies',
              content: {
                options: [{ title: 'Check order status', data: { postback: 'order_status' } }],
              },
            },
          ],
    );
  });

  if (!legacy)
    it('uploads a file and sends it with a message (gateway)', async () => {
      const cc = t.adapter();
      const { upstreamId } = await create(cc);
      const data = Buffer.from('%PDF-1.7 simulated');
      const { id } = await cc.uploadAttachment(upstreamId, {
        name: 'invoice.pdf',
        contentType: 'application/pdf',
        data,
      });
      await cc.sendMessage(upstreamId, { text: 'here it is', attachmentIds: [id] });
      const conversation = t.simulator.conversation(upstreamId);
      expect(conversation.attachments[0]).toMatchObject({
        filename: 'invoice.pdf',
        sizeInBytes: data.length,
      });
      expect(conversation.messages.at(-1)).toMatchObject({
        text: 'here it is',
        attachmentIds: [id],
      });
    });

  if (legacy)
    it('refuses attachments and sends no typing (legacy: text only)', async () => {
      const cc = t.adapter();
      const { upstreamId } = await create(cc);
      const upload = cc.uploadAttachment(upstreamId, {
        name: 'x.png',
        contentType: 'image/png',
        data: new Uint8Array(1),
      });
      await expect(upload).rejects.toMatchObject({ retryable: false });
      await expect(cc.sendMessage(upstreamId, { attachmentIds: ['a'] })).rejects.toMatchObject({
        retryable: false,
      });
      await cc.sendTyping(upstreamId);
      expect(t.simulator.conversation(upstreamId).userTyping).toBe(false);
      await cc.sendReadReceipt(upstreamId, Date.now());
      expect(t.simulator.conversation(upstreamId).userReadAt).toBeUndefined();
    });

  if (!legacy)
    it('tells 8x8 the visitor is typing (gateway)', async () => {
      const cc = t.adapter();
      const { upstreamId } = await create(cc);
      await cc.sendTyping(upstreamId);
      expect(t.simulator.conversation(upstreamId).userTyping).toBe(true);
    });

  if (!legacy)
    it('tells 8x8 the visitor read up to a time (gateway read-receipt, epoch ms)', async () => {
      const cc = t.adapter();
      const { upstreamId } = await create(cc);
      await cc.sendReadReceipt(upstreamId, Date.parse('2026-01-02T03:04:05.000Z'));
      // An older receipt arriving late does not move the mark back.
      await cc.sendReadReceipt(upstreamId, Date.parse('2026-01-01T00:00:00.000Z'));
      expect(t.simulator.conversation(upstreamId).userReadAt).toBe('2026-01-02T03:04:05.000Z');
    });

  it('reads the conversation back: its state and its messages, oldest first', async () => {
    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    await eventually(() => t.simulator.conversation(upstreamId).waiting);
    await cc.sendMessage(upstreamId, { text: 'hello' });
    t.simulator.accept('agent-alex', upstreamId);
    t.simulator.agentMessage('agent-alex', upstreamId, 'Hi, Alex here');
    const snapshot = await cc.readConversation(upstreamId);
    expect(snapshot.state).toBe('active');
    expect(snapshot.messages.map((m) => [m.role, m.text])).toEqual([
      ['visitor', 'hello'],
      ['agent', 'Hi, Alex here'],
    ]);
    t.simulator.end('agent-alex', upstreamId);
    await cc.leave(upstreamId);
    expect((await cc.readConversation(upstreamId)).state).toBe('idle');
  });

  it('leaves: 8x8 removes the visitor and ends the interaction', async () => {
    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    await eventually(() => t.simulator.conversation(upstreamId).waiting);
    await cc.leave(upstreamId);
    expect(t.simulator.conversation(upstreamId)).toMatchObject({
      userRemoved: true,
      state: 'idle',
    });
    await cc.leave(upstreamId); // leaving twice is fine
  });

  it('is reachable with good credentials and not with a wrong channel', async () => {
    expect(await t.adapter().reachable()).toBe(true);
    expect(await t.adapter({ CC_CHANNEL_ID: '404' }).reachable()).toBe(false);
  });

  it('surfaces a wrong API key as a non-retryable 401', async () => {
    const error = await create(t.adapter({ CC_API_KEY: 'wrong' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 401, retryable: false });
  });

  it('surfaces a refusal (400, an unknown channel) at once, without retrying', async () => {
    const before = t.simulator.conversations.size;
    const error = await create(t.adapter({ CC_CHANNEL_ID: '999' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect((error as Error).message).toMatch(/Channel ID 999 is invalid/);
    expect(t.simulator.conversations.size).toBe(before);
  });

  it('retries a create 8x8 did not take (503, 429) with backoff, honouring Retry-After', async () => {
    const before = t.simulator.conversations.size;
    t.simulator.faults.api.add({ count: 1, status: 503, method: 'POST', path: '/conversations' });
    t.simulator.faults.api.add({
      count: 1,
      status: 429,
      retryAfterSeconds: 1,
      method: 'POST',
      path: '/conversations',
    });
    const started = Date.now();
    await create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(t.simulator.faults.api.pending).toBe(0);
    expect(t.simulator.conversations.size).toBe(before + 1);
  });

  it('gives up after a few attempts with a retryable error, for the caller to try later', async () => {
    const before = t.simulator.conversations.size;
    t.simulator.faults.api.add({ count: 3, status: 503, method: 'POST', path: '/conversations' });
    const error = await create().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(t.simulator.faults.api.pending).toBe(0);
    expect(t.simulator.conversations.size).toBe(before);
  });

  it('tries a send once: the outbox, not the adapter, retries it', async () => {
    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    t.simulator.faults.api.add({ count: 3, status: 503, method: 'POST', path: '/messages' });
    const error = await cc.sendMessage(upstreamId, { text: 'later' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(t.simulator.faults.api.pending).toBe(2);
    expect(t.simulator.conversation(upstreamId).messages).toHaveLength(0);
    t.simulator.faults.clear();
  });

  it('does not wait for a Retry-After longer than it may: the error carries it', async () => {
    t.simulator.faults.api.add({
      count: 1,
      status: 429,
      retryAfterSeconds: 120,
      method: 'POST',
      path: '/conversations',
    });
    const created = await create().catch((e: unknown) => e);
    expect(created).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 });

    const cc = t.adapter();
    const { upstreamId } = await create(cc);
    t.simulator.faults.api.add({
      count: 1,
      status: 429,
      retryAfterSeconds: 120,
      path: '/messages',
    });
    const error = await cc.sendMessage(upstreamId, { text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 });
  });

  it("sends the proxy's visitor id as 8x8's user id, never the visitor's email", async () => {
    const { upstreamId } = await create(t.adapter(), {
      visitorId: 'parley-0123abcd',
      visitor: { name: 'Ada', email: 'ada@example.com' },
    });
    const conversation = t.simulator.conversation(upstreamId);
    if (legacy) expect(conversation.customer).toMatchObject({ customerId: 'parley-0123abcd' });
    else expect(conversation.user).toMatchObject({ userId: 'parley-0123abcd' });
  });

  describe('a create whose answer was lost, after 8x8 acted on it', () => {
    const posts = () => t.simulator.calls.count({ method: 'POST', path: '/conversations' });
    const lookups = () => t.simulator.calls.count({ method: 'GET', path: '/conversations?' });
    /** The next create meets this fault. */
    const failCreate = (fault: Omit<ApiFault, 'count'>) =>
      t.simulator.faults.api.add({ count: 1, method: 'POST', path: '/conversations', ...fault });

    it('timed out: finds that conversation by the visitor id instead of queueing a second', async () => {
      const before = { conversations: t.simulator.conversations.size, posts: posts() };
      failCreate({ mode: 'delay-after', delayMs: 1500 });
      const { upstreamId } = await create(t.adapter({ CC_TIMEOUT_MS: '300' }));
      expect(t.simulator.conversations.size).toBe(before.conversations + 1);
      expect([...t.simulator.conversations.keys()].at(-1)).toBe(upstreamId);
      expect(posts()).toBe(before.posts + 1);
      expect(lookups()).toBeGreaterThan(0);
    });

    it('answered 502: finds it just the same', async () => {
      const before = t.simulator.conversations.size;
      failCreate({ mode: 'fail-after', status: 502 });
      const { upstreamId } = await create();
      expect(t.simulator.conversations.size).toBe(before + 1);
      expect([...t.simulator.conversations.keys()].at(-1)).toBe(upstreamId);
    });

    it('when 8x8 had not acted after all (a 500 before the work), creates once more', async () => {
      const before = { conversations: t.simulator.conversations.size, posts: posts() };
      failCreate({ status: 500 });
      await create();
      expect(t.simulator.conversations.size).toBe(before.conversations + 1);
      expect(posts()).toBe(before.posts + 2);
    });

    it('when the look-up fails too, says so and creates nothing more', async () => {
      const before = { conversations: t.simulator.conversations.size, posts: posts() };
      failCreate({ mode: 'fail-after', status: 502 });
      t.simulator.faults.api.add({ count: 2, status: 403, method: 'GET', path: '/conversations?' });
      await expect(create()).rejects.toMatchObject({
        status: 502,
        retryable: true,
        maybeProcessed: true,
      });
      expect(t.simulator.conversations.size).toBe(before.conversations + 1);
      expect(posts()).toBe(before.posts + 1);
      t.simulator.faults.clear();
    });
  });

  it('retries a create that 8x8 refused before doing anything (503)', async () => {
    const before = t.simulator.conversations.size;
    t.simulator.faults.api.add({ count: 1, status: 503, method: 'POST', path: '/conversations' });
    await create();
    expect(t.simulator.conversations.size).toBe(before + 1);
  });

  it('times out a call that hangs', async () => {
    const cc = t.adapter({ CC_TIMEOUT_MS: '200' });
    const { upstreamId } = await create(cc);
    t.simulator.faults.api.add({ count: 20, mode: 'delay-after', delayMs: 1000, method: 'GET' });
    const started = Date.now();
    const error = await cc.readConversation(upstreamId).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect((error as Error).message).toMatch(/did not answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    t.simulator.faults.clear();
  });
});

describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])(
  'the %s adapter on a channel with an opaque id',
  (api) => {
    it('works with a channel id like f5odm43occnifcdcsa, as 8x8 documents one', async () => {
      const t = await startSimulator(api, { opaqueChannelIds: true });
      try {
        const channelId = [...t.simulator.channels.keys()][0]!;
        expect(channelId).toMatch(/^[a-z0-9]{18}$/);
        const cc = t.adapter();
        expect(await cc.reachable()).toBe(true);
        const { upstreamId } = await cc.createConversation({
          visitorId: 'parley-channel',
          visitor: {},
          variables: {},
        });
        expect(t.simulator.conversation(upstreamId).channelId).toBe(channelId);
      } finally {
        await t.close();
      }
    });
  },
);

describe('choosing the adapter (CC_API)', () => {
  const env = { CC_API_KEY: 'key', CC_CHANNEL_ID: '25' };

  it('is the Chat Gateway by default and the legacy API on request', () => {
    expect(loadConfig(env).contactCenter?.api).toBe('chat-gateway');
    const legacy = loadConfig({
      ...env,
      CC_API: 'chat-api',
      CC_API_SECRET: 'secret',
      CC_TENANT_ID: 'tenant01',
      CC_REGION: 'eu',
    }).contactCenter!;
    expect(legacy).toMatchObject({
      api: 'chat-api',
      apiSecret: 'secret',
      tenantId: 'tenant01',
      region: 'eu',
    });
    expect(createContactCenter(legacy).api).toBe('chat-api');
  });

  it('says what the legacy API is missing, and refuses an unknown API', () => {
    expect(() => loadConfig({ ...env, CC_API: 'chat-api' })).toThrow(
      /CC_API_SECRET is required with CC_API=chat-api[\s\S]*CC_TENANT_ID is required/,
    );
    expect(() => loadConfig({ ...env, CC_API: 'chat-v3' })).toThrow(/CC_API must be one of/);
  });
});
