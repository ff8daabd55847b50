import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProxyProcess, startProxyProcess } from '../test/support/proxy-process.js';
import { startSimulated8x8 } from '../test/support/simulated-8x8.js';
import { agentBurst } from './agent-burst.js';
import { startHostSite } from './host-site.js';
import { expect, startChat, test } from './widget-fixtures.js';

/**
 * One proxy on its embedded SQLite file, SIGKILLed while the agent is writing,
 * started again on the same file and port: the widget in Chromium reconnects by
 * itself and ends with every message once, in order. What 8x8 sent while the
 * proxy was down arrives through 8x8's (the simulator's) webhook retries.
 */
test('SIGKILL of the proxy mid-burst, restarted on the same SQLite file: the widget has every message, none twice', async ({
  page,
}) => {
  let proxy: ProxyProcess | undefined;
  const site = await startHostSite(() => proxy!.url);
  const upstream = await startSimulated8x8();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-e2e-'));
  const env = (port: number) => ({
    ...upstream.env(),
    PORT: String(port),
    DATA_DIR: dataDir,
    ALLOWED_ORIGINS: site.origin,
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_SECONDS: '0',
  });
  try {
    proxy = await startProxyProcess(env(0));
    upstream.deliverTo(proxy.url);
    const { log } = await startChat(page, site.page(), 'Hello from the visitor');
    const conversation = [...upstream.simulator.conversations.values()].at(-1)!;
    await expect.poll(() => conversation.state).toBe('active');
    upstream.simulator.accept('agent-alex', conversation.id);
    await expect(log.getByText(/joined the chat/)).toBeVisible();

    const burst = agentBurst(upstream.simulator, conversation.id, log, 80);
    await burst.held;
    await expect.poll(async () => (await burst.shown()).length).toBeGreaterThanOrEqual(10);
    await proxy.kill();
    // Killed mid-burst: the second half is written only now, while it is down.
    expect((await burst.shown()).length).toBeLessThan(burst.all.length);
    burst.resume();

    proxy = await startProxyProcess(env(proxy.port));
    await burst.done;
    await expect
      .poll(async () => (await burst.shown()).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(burst.all.length);
    expect(await burst.shown()).toEqual(burst.all);
    await expect(log.getByText('Hello from the visitor')).toHaveCount(1);
  } finally {
    await page.close();
    await proxy?.kill();
    await upstream.close();
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
