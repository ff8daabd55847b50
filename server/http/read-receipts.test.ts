import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestParley, type TestParley } from '../../test/support/demo.js';

/** POST /v1/conversations/{id}/read, against a real proxy and the simulated 8x8. */

let t: TestParley;
beforeAll(async () => {
  t = await startTestParley();
});
afterAll(() => t.close());

const read = (conversationId: string, token: string, lastReadEventId: unknown) =>
  t.call(`/v1/conversations/${conversationId}/read`, { body: { lastReadEventId }, token });

describe('read receipts', () => {
  it("tells 8x8 the visitor read up to an agent's message (its time), once per new mark", async () => {
    const credentials = await t.startConversation();
    const { conversationId, token } = credentials;
    expect((await t.send(credentials, 'client-msg-0001', 'Hello')).status).toBe(202);
    const upstream = await t.upstreamOf(conversationId);
    await eventually(() => upstream.waiting);
    t.simulator.accept('agent-alex', upstream.id);
    t.simulator.agentMessage('agent-alex', upstream.id, 'Hi, Alex here');
    let agentMessage: { id: number; sentAt?: string } | undefined;
    await eventually(async () => {
      const found = (await t.logOf(conversationId)).find(
        (event) => event.type === 'message' && event.role === 'agent',
      );
      agentMessage = found as typeof agentMessage;
      return !!found;
    });
    const receipts = () => t.simulator.calls.count({ method: 'POST', path: '/read-receipt' });
    const before = receipts();

    expect((await read(conversationId, token, agentMessage!.id)).status).toBe(204);
    expect(receipts()).toBe(before + 1);
    // 8x8's readAt is the message's own send time: what came after is not marked read.
    expect(upstream.userReadAt).toBe(agentMessage!.sentAt);

    // The same mark again, or an older one: idempotent, 8x8 is not called.
    expect((await read(conversationId, token, agentMessage!.id)).status).toBe(204);
    expect((await read(conversationId, token, 1)).status).toBe(204);
    // An id the log has not reached is nothing the visitor can have seen.
    expect((await read(conversationId, token, agentMessage!.id + 1000)).status).toBe(204);
    expect(receipts()).toBe(before + 1);
  });

  it('refuses a bad body and a missing token', async () => {
    const { conversationId, token } = await t.startConversation();
    for (const bad of [0, 'one', 1.5]) {
      expect((await read(conversationId, token, bad)).status).toBe(400);
    }
    expect((await read(conversationId, '', 1)).status).toBe(401);
  });

  it("logs 8x8's read receipt (the simulator sends one before an agent's reply) as a read event", async () => {
    t.simulator.faults.variants.set({ agentReadReceipts: 'on-reply' });
    const credentials = await t.startConversation();
    await t.send(credentials, 'client-msg-0002', 'Anyone there?');
    const upstream = await t.upstreamOf(credentials.conversationId);
    await eventually(() => upstream.waiting);
    t.simulator.accept('agent-alex', upstream.id);
    t.simulator.agentMessage('agent-alex', upstream.id, 'Yes!');
    await eventually(async () =>
      (await t.logOf(credentials.conversationId)).some(
        (event) => event.type === 'read' && event.role === 'agent',
      ),
    );
  });
});
