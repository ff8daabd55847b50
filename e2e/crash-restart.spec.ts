import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProxyProcess, startProxyProcess } from '../server/test-support/proxy-process.js';
import { startSimulated8x8 } from '../server/test-support/simulated-8x8.js';
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

    const BURST = 80;
    const burst = (async () => {
      for (let n = 1; n <= BURST; n++) {
        upstream.simulator.agentMessage('agent-alex', conversation.id, `burst ${n}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const burstTexts = async () =>
      (await log.locator('p.text').allTextContents())
        .map((text) => text.trim())
        .filter((text) => text.startsWith('burst '));
    await expect.poll(async () => (await burstTexts()).length).toBeGreaterThanOrEqual(10);
    await proxy.kill();
    expect((await burstTexts()).length).toBeLessThan(BURST); // killed mid-burst

    proxy = await startProxyProcess(env(proxy.port));
    await burst;
    await expect
      .poll(async () => (await burstTexts()).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(BURST);
    expect(await burstTexts()).toEqual(Array.from({ length: BURST }, (_, i) => `burst ${i + 1}`));
    await expect(log.getByText('Hello from the visitor')).toHaveCount(1);
  } finally {
    await page.close();
    await proxy?.kill();
    await upstream.close();
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
