import { expect, it } from 'vitest';
import { docBlock, userShell } from '../support/doc-blocks.js';

/**
 * The README's demo as a new user runs it: its shell block as written (ports
 * made free), in a fresh copy of the repository.
 */

it("from a fresh checkout, the README's `npm install && npm start` runs the demo", async () => {
  const checkout = await userShell({ checkout: true });
  try {
    const demo = await checkout.background(docBlock('readme/demo'), /Agent console/, 240_000);
    const visitor = /Visitor .*?(http:\/\/\S+)\//.exec(demo.output())![1]!;
    expect(visitor).toBe(checkout.proxyUrl.replace('127.0.0.1', 'localhost'));
    const page = await fetch(`${visitor}/`);
    expect(await page.text()).toContain('/parley.js');
    expect((await fetch(`${visitor}/parley.js`)).status).toBe(200);
    expect((await fetch(`${visitor}/agent`)).status).toBe(200);
    expect((await fetch(`${visitor}/readyz`)).status).toBe(200);
    await demo.stop();
  } finally {
    await checkout.close();
  }
}, 300_000);
