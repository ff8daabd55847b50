import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docBlock, userShell } from '../support/doc-blocks.js';

/**
 * The docs as a new user follows them: each shell block as written (ports made
 * free), in order. docs/8x8.md, "Try it against the simulator", in a directory
 * of their own, with the simulator standing in for the 8x8 tenant; then
 * docs/scaling.md. (The README's demo from a fresh checkout is readme-demo.test.ts,
 * a file of its own so that its install and build overlap these.)
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
  // The simulator keeps running (as the 8x8 tenant) for docs/scaling.md's walkthrough.
  expect(simulator.output()).not.toContain('Error');
}, 90_000);

it('runs two instances on one Redis, by docs/scaling.md alone, after the 8x8 rehearsal', async () => {
  await shell.background(docBlock('redis/server'), /Ready to accept connections/);
  const one = await shell.background(docBlock('redis/instance-1'), /listening on/);
  const two = await shell.background(docBlock('redis/instance-2'), /listening on/);
  for (const instance of [one, two]) expect(instance.output()).toContain('REDIS_URL');

  const verify = await shell.run(docBlock('redis/verify'));
  expect(verify.status, verify.output).toBe(0);
  // Both ready, then the second instance's transcript of the conversation the first started.
  expect(verify.output.match(/"status":"ready"/g)).toHaveLength(2);
  const transcript = JSON.parse(verify.output.slice(verify.output.lastIndexOf('{"events"'))) as {
    events: { type: string; state?: string }[];
  };
  expect(transcript.events[0]).toMatchObject({ type: 'conversation', state: 'created' });
}, 90_000);
