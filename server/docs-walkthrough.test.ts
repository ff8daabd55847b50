import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docBlock, userShell } from './test-support/doc-blocks.js';

/**
 * docs/8x8.md, "Try it against the simulator", as a new user follows it: each
 * shell block as written (ports made free), in order, in a directory of their
 * own, with the simulator standing in for the 8x8 tenant.
 */

let shell: Awaited<ReturnType<typeof userShell>>;
beforeAll(async () => {
  shell = await userShell();
});
afterAll(() => shell.close());

it('connects a proxy to a (simulated) 8x8 tenant with 8x8:setup, by the docs alone', async () => {
  const simulator = await shell.background(docBlock('simulator/start'), /listening on/);
  expect(simulator.output()).toContain('API key        try-it-key-0123456789');

  const waiting = await shell.background(docBlock('simulator/env'), /listening on/);

  const setup = await shell.run(docBlock('simulator/setup'));
  expect(setup.status, setup.output).toBe(0);
  expect(setup.output).toContain('verified: 8x8 reached the proxy and got a 2xx');
  expect(setup.output).toContain('Configuration is valid');
  const env = readFileSync(join(shell.dir, '.env'), 'utf8');
  expect(env).toMatch(/^CC_CHANNEL_ID=\d+$/m);
  expect(env).toContain(`PUBLIC_URL=${shell.proxyUrl}`);

  await waiting.stop(); // Ctrl+C: the proxy drains and exits, freeing its port
  await shell.background(docBlock('simulator/restart'), /listening on/);

  const verify = await shell.run(docBlock('simulator/verify'));
  expect(verify.status, verify.output).toBe(0);
  expect(verify.output).toContain('"status":"ready"');
  const { conversationId } = JSON.parse(verify.output.slice(verify.output.indexOf('{"conv'))) as {
    conversationId: string;
  };
  expect(conversationId).toBeTruthy();

  // The conversation waits in the simulator's queue 101, as an agent would see it.
  const state = (await (
    await fetch(`${shell.simulatorUrl}/simulator/state`, {
      headers: { 'x-api-key': 'try-it-key-0123456789' },
    })
  ).json()) as {
    conversations: { queueId: string; waiting: boolean; visitor: { name?: string } }[];
  };
  expect(state.conversations).toHaveLength(1);
  expect(state.conversations[0]).toMatchObject({ queueId: '101', visitor: { name: 'Ada' } });
  await simulator.stop();
}, 90_000);
