import type { Page } from '@playwright/test';
import { expect, startChat, test, widget } from '../widget-fixtures.js';

/**
 * One unbroken word from the agent, as long as a webhook can carry (1 MB), must not freeze
 * the visitor's page: it once blocked Chromium's main thread for minutes (seconds for
 * 30,000 capitals), and again after every reload. The proxy cuts it at 8x8's 5000
 * characters; the widget lays long runs out in short pieces. The bound here is generous
 * (a shared, busy machine); the real figure is in `npm run bench` (widget: long word).
 */

/** As long as the proxy's 1 MB webhook limit allows, with the envelope. */
const WORD = 'A'.repeat(1024 * 1024 - 1000);
const LONGEST_FRAME_MS = 1000;

/** Records the longest gap between animation frames, from the page's start: a blocked main thread shows as one. */
function watchFrames() {
  const w = window as unknown as { __longestFrame: number };
  w.__longestFrame = 0;
  let last = performance.now();
  const tick = (now: number) => {
    w.__longestFrame = Math.max(w.__longestFrame, now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const resetFrames = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __longestFrame: number }).__longestFrame = 0;
  });
const longestFrame = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longestFrame: number }).__longestFrame);

test('a 1 MB word from the agent never blocks the page, shown cut at 5000 characters', async ({
  page,
  site,
  agent,
}) => {
  await page.addInitScript(watchFrames);
  const { log } = await startChat(page, site.page(), 'hello');
  await agent.accept();
  await resetFrames(page);
  await agent.say(WORD);
  const bubble = log.locator('[part~="agent-message"] .text');
  await expect(bubble).toHaveText(/^A{4999}…$/, { timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(await longestFrame(page)).toBeLessThan(LONGEST_FRAME_MS);

  // A reload reads the transcript and lays the word out again.
  await page.reload();
  await widget(page).launcher.click();
  await expect(bubble).toHaveText(/^A{4999}…$/, { timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(await longestFrame(page)).toBeLessThan(LONGEST_FRAME_MS);
});
