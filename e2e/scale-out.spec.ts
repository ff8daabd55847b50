import { type ScaleOut, startScaleOut } from '../test/support/scale-out.js';
import { agentBurst } from './agent-burst.js';
import { startHostSite } from './host-site.js';
import { expect, startChat, test } from './widget-fixtures.js';

/**
 * The widget in Chromium, against three proxy instances on one real Redis
 * behind a round-robin load balancer (no sticky sessions). The instance that
 * holds the visitor's event stream is SIGKILLed mid-burst: the widget reconnects
 * through the balancer to another instance and ends with every message, none twice.
 */
test('SIGKILL of the instance holding the stream: the widget resumes on another, nothing lost or doubled', async ({
  page,
}) => {
  // Three proxies, a Redis and a balancer start inside the test: on a loaded machine that alone
  // took much of the default minute (it timed out at load 15 with 3 workers).
  test.setTimeout(120_000);
  let deployment: ScaleOut | undefined;
  const site = await startHostSite(() => deployment!.balancer.url);
  try {
    deployment = await startScaleOut({ instances: 3, origin: site.origin });
    const { balancer, instances, upstream } = deployment;
    const { log } = await startChat(page, site.page(), 'Hello from the visitor');

    const conversation = [...upstream.simulator.conversations.values()].at(-1)!;
    await expect.poll(() => conversation.state).toBe('active');
    upstream.simulator.accept('agent-alex', conversation.id);
    await expect(log.getByText(/joined the chat/)).toBeVisible();

    const streams = /^GET \/v1\/conversations\/[^/]+\/events/;
    const holder = instances.find((proxy) => balancer.count(proxy.url, streams) > 0)!;
    expect(holder).toBeDefined();

    const burst = agentBurst(upstream.simulator, conversation.id, log, 120);
    await burst.held;
    await expect.poll(async () => (await burst.shown()).length).toBeGreaterThanOrEqual(10);
    await holder.kill();
    // Killed mid-burst: the second half is written only now, while it is down.
    expect((await burst.shown()).length).toBeLessThan(burst.all.length);
    burst.resume();

    await burst.done;
    // The widget's own reconnect loop finds another instance through the balancer.
    await expect
      .poll(async () => (await burst.shown()).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(burst.all.length);
    const others = instances.filter((proxy) => proxy !== holder);
    expect(others.some((proxy) => balancer.count(proxy.url, streams) > 0)).toBe(true);
    expect(await burst.shown()).toEqual(burst.all);
    await expect(log.getByText('Hello from the visitor')).toHaveCount(1);
  } finally {
    await page.close();
    await deployment?.close();
    await site.close();
  }
});
