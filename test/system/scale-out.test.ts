import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../server/simulator/webhook-sender.js';
import { eventually } from '../support/demo.js';
import { type ScaleOut, startScaleOut } from '../support/scale-out.js';
import { SseClient } from '../support/sse-client.js';

/**
 * Several proxy processes on one real redis-server behind a load balancer, as
 * docs/scaling.md deploys them: any instance takes any webhook and any stream.
 */

const ORIGIN = 'https://shop.example';
type Message = {
  type: string;
  id: number;
  role?: string;
  text?: string;
  clientMessageId?: string;
  status?: string;
};

let running: ScaleOut | undefined;
async function deploy(instances: number) {
  running = await startScaleOut({ instances, origin: ORIGIN });
  return running;
}
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** What a stream saw, checked: ids consecutive (no gap, no duplicate), and the agent's texts. */
function agentTexts(events: Message[]): string[] {
  const ids = events.map((event) => event.id);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0]! + i));
  return events.filter((e) => e.type === 'message' && e.role === 'agent').map((e) => e.text!);
}

describe('three instances on one Redis', () => {
  it('brings every event to every visitor once, in order, wherever webhook and stream land', async () => {
    const s = await deploy(3);
    const VISITORS = 4;
    const BURST = 40;
    const visitors = [];
    for (let v = 0; v < VISITORS; v++) {
      const { credentials, upstreamId } = await s.createConversation(`Visitor ${v}`);
      // Each stream is held by one instance, chosen directly, not by the balancer.
      const holder = s.instances[v % s.instances.length]!;
      const stream = await SseClient.open(s.streamUrl(holder.url, credentials), {
        origin: ORIGIN,
      });
      expect(stream.status).toBe(200);
      s.upstream.simulator.accept('agent-alex', upstreamId);
      visitors.push({ credentials, upstreamId, stream, holder });
    }
    for (let n = 1; n <= BURST; n++) {
      for (const [v, visitor] of visitors.entries()) {
        s.upstream.simulator.agentMessage('agent-alex', visitor.upstreamId, `to ${v}: ${n}`);
      }
    }
    // The visitors write too, through the balancer: their sends land on any instance.
    for (const [v, visitor] of visitors.entries()) {
      for (let n = 1; n <= 3; n++) {
        const answer = await s.call(
          s.balancer.url,
          `/v1/conversations/${visitor.credentials.conversationId}/messages`,
          { clientMessageId: `visitor-${v}-${n}`, text: `from ${v}: ${n}` },
          visitor.credentials.token,
        );
        expect(answer.status).toBe(202);
      }
    }

    for (const [v, visitor] of visitors.entries()) {
      const events = () => visitor.stream.events<Message>();
      await visitor.stream.waitFor(
        () =>
          events().filter((e) => e.type === 'message' && e.role === 'agent').length >= BURST &&
          events().filter((e) => e.type === 'message-status' && e.status === 'sent').length >= 3,
        30_000,
      );
      expect(agentTexts(events())).toEqual(
        Array.from({ length: BURST }, (_, i) => `to ${v}: ${i + 1}`),
      );
      const own = events().filter((e) => e.type === 'message' && e.role === 'visitor');
      expect(own.map((e) => e.clientMessageId)).toEqual([1, 2, 3].map((n) => `visitor-${v}-${n}`));
      expect(
        s.upstream.simulator
          .conversation(visitor.upstreamId)
          .messages.filter((m) => m.author.type === 'user')
          .map((m) => m.text),
      ).toEqual([1, 2, 3].map((n) => `from ${v}: ${n}`));
      visitor.stream.close();
    }
    // The webhooks really were spread: every instance took a fair share.
    const webhooks = s.instances.map((proxy) => s.balancer.count(proxy.url, /^POST \/webhooks/));
    const total = webhooks.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(VISITORS * BURST);
    for (const count of webhooks) expect(count).toBeGreaterThan(total / 6);
  }, 90_000);

  it('restarts Redis mid-conversation: streams stay open, nothing 8x8 was told is lost', async () => {
    const s = await deploy(2);
    const { credentials, upstreamId } = await s.createConversation('Grace');
    const holder = s.instances[0]!;
    const stream = await SseClient.open(s.streamUrl(holder.url, credentials), { origin: ORIGIN });
    s.upstream.simulator.accept('agent-alex', upstreamId);
    const deliveries: Delivery[] = [];
    s.upstream.simulator.on('delivery', (delivery: Delivery) => deliveries.push(delivery));
    const acknowledged = () =>
      deliveries.filter(
        (d) => d.eventType === 'MESSAGE' && typeof d.status === 'number' && d.status < 300,
      ).length;

    const BURST = 60;
    for (let n = 1; n <= BURST; n++) {
      s.upstream.simulator.agentMessage('agent-alex', upstreamId, `burst ${n}`);
    }
    await eventually(() => acknowledged() >= 10, 10_000);
    await s.redis.kill(); // SIGKILL: only what Redis wrote to its append-only file survives
    const whileDown = await fetch(`${holder.url}/readyz`);
    expect(whileDown.status).toBe(503);
    expect(await whileDown.json()).toMatchObject({ store: false });
    await eventually(() => deliveries.some((d) => d.status !== 200 && d.status !== 204), 10_000);
    await s.redis.start();

    await stream.waitFor(
      () =>
        stream.events<Message>().filter((e) => e.type === 'message' && e.role === 'agent').length >=
        BURST,
      30_000,
    );
    expect(stream.ended).toBe(false); // the instance kept the visitor's stream through it all
    expect(agentTexts(stream.events<Message>())).toEqual(
      Array.from({ length: BURST }, (_, i) => `burst ${i + 1}`),
    );
    await eventually(() => acknowledged() === BURST, 10_000);
    await eventually(async () => (await fetch(`${holder.url}/readyz`)).status === 200, 10_000);
    // And the conversation goes on: a visitor's message through the other instance.
    const answer = await s.call(
      s.instances[1]!.url,
      `/v1/conversations/${credentials.conversationId}/messages`,
      { clientMessageId: 'after-redis', text: 'still there?' },
      credentials.token,
    );
    expect(await answer.json()).toMatchObject({ status: 'sent' });
    stream.close();
  }, 90_000);
});
