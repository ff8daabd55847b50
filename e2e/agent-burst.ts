import type { Locator } from '@playwright/test';
import type { ContactCenterSimulator } from '../server/simulator/contact-center-simulator.js';

/**
 * The agent writes `count` messages ("burst 1", "burst 2", …) quickly but not all at
 * once, so that a kill can land in the middle. `shown` reads the burst's messages as
 * the widget's log shows them, in order.
 */
export function agentBurst(
  simulator: ContactCenterSimulator,
  conversationId: string,
  log: Locator,
  count: number,
) {
  const done = (async () => {
    for (let n = 1; n <= count; n++) {
      simulator.agentMessage('agent-alex', conversationId, `burst ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const shown = async () =>
    (await log.locator('p.text').allTextContents())
      .map((text) => text.trim())
      .filter((text) => text.startsWith('burst '));
  const all = Array.from({ length: count }, (_, i) => `burst ${i + 1}`);
  return { done, shown, all };
}
