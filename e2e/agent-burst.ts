import type { Locator } from '@playwright/test';
import type { ContactCenterSimulator } from '../server/simulator/contact-center-simulator.js';

/**
 * The agent writes `count` messages ("burst 1", "burst 2", …), a few milliseconds
 * apart, and holds after the first half until `resume()`: a test kills something
 * while the burst holds, so the kill lands mid-burst however busy the machine is.
 * `shown` reads the burst's messages as the widget's log shows them, in order.
 */
export function agentBurst(
  simulator: ContactCenterSimulator,
  conversationId: string,
  log: Locator,
  count: number,
) {
  const half = Math.ceil(count / 2);
  let resume = () => {};
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  let holding = () => {};
  const held = new Promise<void>((resolve) => {
    holding = resolve;
  });
  const done = (async () => {
    for (let n = 1; n <= count; n++) {
      if (n === half + 1) {
        holding();
        await resumed;
      }
      simulator.agentMessage('agent-alex', conversationId, `burst ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const shown = async () =>
    (await log.locator('p.text').allTextContents())
      .map((text) => text.trim())
      .filter((text) => text.startsWith('burst '));
  const all = Array.from({ length: count }, (_, i) => `burst ${i + 1}`);
  /** The first half is written and the burst waits for `resume()`. */
  return { done, shown, all, held, resume };
}
