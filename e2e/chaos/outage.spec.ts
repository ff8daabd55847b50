import { report, tally } from '../../test/support/scenario-report.js';
import { expect, startChat, test, write } from '../widget-fixtures.js';

/**
 * 8x8 unavailable for 60 s in the middle of a conversation: 30 s of 503s, then
 * 30 s of calls that outlast the proxy's 10 s timeout (8x8 still does the work,
 * so a retry must not post twice). The visitor keeps writing in real Chromium:
 * each message shows pending, then sent once 8x8 is back, and 8x8 receives each
 * once, in order. The agent's messages keep arriving meanwhile (webhooks work).
 */

const PHASE_MS = 30_000;
// A short retry ceiling, so delivery follows 8x8's return within seconds (production: 60 s).
test.use({ parleyEnv: { OUTBOX_RETRY_BASE_MS: '500', OUTBOX_RETRY_MAX_MS: '3000' } });

test('8x8 down for 60 s mid-conversation: pending, then sent, delivered once in order', async ({
  page,
  site,
  agent,
}) => {
  test.setTimeout(180_000);
  const { log, message } = await startChat(page, site.page(), 'Before the outage');
  await agent.accept();
  const faults = agent.simulator.faults.api;
  const pending = log.locator('[data-status="pending"]');
  const sent = log.locator('[data-status="sent"]');

  // Phase 1: 503s.
  const outageStarted = Date.now();
  faults.add({ count: 1_000_000, mode: 'fail', status: 503 });
  await write(message, 'During the 503s 1');
  await write(message, 'During the 503s 2');
  await expect(pending).toHaveCount(2);
  await agent.say('The agent still writes');
  await expect(log.getByText('The agent still writes')).toHaveCount(1);
  await page.waitForTimeout(PHASE_MS - (Date.now() - outageStarted));

  // Phase 2: every call hangs past the proxy's timeout.
  faults.clear();
  faults.latencyMs = 12_000;
  await write(message, 'During the timeouts');
  await expect(pending).toHaveCount(3);
  await expect(sent).toHaveCount(1);
  await page.waitForTimeout(2 * PHASE_MS - (Date.now() - outageStarted));
  const pendingAtEnd = await pending.count();
  faults.clear();
  const outageMs = Date.now() - outageStarted;

  await expect(sent).toHaveCount(4, { timeout: 60_000 });
  const recovered = Date.now() - outageStarted - outageMs;
  await expect(log.locator('[data-status="failed"]')).toHaveCount(0);
  const expected = [
    'Before the outage',
    'During the 503s 1',
    'During the 503s 2',
    'During the timeouts',
  ];
  const received = await agent.received();
  const counts = tally(expected, received);
  const shown = await log.getByText('The agent still writes').count();
  const pass =
    counts.lost + counts.duplicated + counts.reordered + counts.foreign === 0 &&
    pendingAtEnd === 3 &&
    shown === 1;
  report('8x8 unavailable 60 s (503s, then timeouts)', pass, {
    outage: { 'lasted ms': outageMs, 'pending in the widget at its end': pendingAtEnd },
    recovery: { 'all sent within ms': recovered },
    'visitor → 8x8': counts,
    'agent → visitor during the outage': { shown },
  });
  expect(outageMs).toBeGreaterThanOrEqual(2 * PHASE_MS);
  expect(pendingAtEnd).toBe(3);
  expect(received).toEqual(expected);
});
