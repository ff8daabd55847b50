import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { loadConfig } from '../../server/config.js';
import { type RunningParley, SIMULATOR_FILE, startParley } from '../../server/start.js';
import { eventually } from '../support/demo.js';

/**
 * `npm start` stopped and started again on the same DATA_DIR, as a demo user
 * restarts it: its 8x8 (the simulator) still has the conversation, as 8x8 would,
 * and the proxy's sessions keep working against it, both ways.
 */

let dataDir = '';
let running: RunningParley | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async (api: 'chat-gateway' | 'chat-api', port = 0) => {
  running = await startParley(
    loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SHUTDOWN_DRAIN_SECONDS: '0',
      CC_API: api,
    }),
  );
  return running;
};

const restart = async (api: 'chat-gateway' | 'chat-api') => {
  const port = Number(new URL(running!.url).port);
  await running!.close();
  running = undefined;
  return start(api, port);
};

const call = (parley: RunningParley, path: string, body?: unknown, token?: string) => {
  const origin = parley.url.replace('localhost', '127.0.0.1');
  return fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      origin,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
};

const logTexts = async (parley: RunningParley, conversationId: string) =>
  (await parley.store.events.readAfter(conversationId, 0, 10_000)).events.flatMap((event) =>
    event.type === 'message' ? [`${event.role}: ${event.text}`] : [],
  );

describe.each(['chat-gateway', 'chat-api'] as const)('the demo restarted (%s)', (api) => {
  it('still has the conversation, and it goes on both ways', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-restart-'));
    const first = await start(api);
    const created = await call(first, '/v1/conversations', { visitor: { name: 'Ada' } });
    expect(created.status).toBe(201);
    const credentials = (await created.json()) as ConversationCredentials;
    const sent = await call(
      first,
      `/v1/conversations/${credentials.conversationId}/messages`,
      { clientMessageId: 'before-0001', text: 'Hello before the restart' },
      credentials.token,
    );
    expect(await sent.json()).toMatchObject({ status: 'sent' });
    const simulator = first.demo!.simulator;
    const [conversation] = [...simulator.conversations.values()];
    await eventually(() => conversation!.waiting);
    const setUp = {
      webhooks: [...simulator.webhooks.keys()],
      channels: [...simulator.channels.keys()],
      kid: simulator.signingKey.kid,
    };
    expect(existsSync(join(dataDir, SIMULATOR_FILE))).toBe(true);

    const second = await restart(api);
    const again = second.demo!.simulator;
    // The same 8x8: set-up, keys, and the conversation as it was, waiting in its queue.
    expect({
      webhooks: [...again.webhooks.keys()],
      channels: [...again.channels.keys()],
      kid: again.signingKey.kid,
    }).toEqual(setUp);
    const kept = again.conversation(conversation!.id);
    expect(kept).toMatchObject({
      state: 'active',
      waiting: true,
      queueId: conversation!.queueId,
      queuedAt: conversation!.queuedAt,
      createdAt: conversation!.createdAt,
      interactions: conversation!.interactions,
    });
    expect(kept.messages.map((message) => [message.id, message.text])).toEqual(
      conversation!.messages.map((message) => [message.id, message.text]),
    );
    // The agent console (served by the proxy) lists it as waiting.
    const state = (await (await fetch(`${second.url}/agent/api/state`)).json()) as {
      conversations: { id: string; waiting: boolean }[];
    };
    expect(state.conversations).toEqual([
      expect.objectContaining({ id: conversation!.id, waiting: true }),
    ]);

    // The visitor's next message reaches it; the agent takes the chat and answers, signed
    // with the key kept in the file: the proxy verifies it and the visitor gets it.
    const next = await call(
      second,
      `/v1/conversations/${credentials.conversationId}/messages`,
      { clientMessageId: 'after-0001', text: 'Still there?' },
      credentials.token,
    );
    expect(await next.json()).toMatchObject({ status: 'sent' });
    expect(kept.messages.map((message) => message.text)).toEqual([
      'Hello before the restart',
      'Still there?',
    ]);
    again.accept('agent-alex', kept.id);
    again.agentMessage('agent-alex', kept.id, 'Yes, here I am');
    await eventually(async () =>
      (await logTexts(second, credentials.conversationId)).includes('agent: Yes, here I am'),
    );
  });

  it('delivers the webhooks a restart interrupted, once', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-restart-'));
    const first = await start(api);
    const created = await call(first, '/v1/conversations', { visitor: { name: 'Ada' } });
    const credentials = (await created.json()) as ConversationCredentials;
    const simulator = first.demo!.simulator;
    const [conversation] = [...simulator.conversations.values()];
    await eventually(() => conversation!.waiting);
    simulator.accept('agent-alex', conversation!.id);
    await eventually(() => simulator.sender.pending === 0);
    // The proxy cannot be reached while the agent answers; then the demo restarts.
    const [webhook] = [...simulator.webhooks.values()];
    simulator.updateWebhook(webhook!.id, { ...webhook!, uri: 'http://127.0.0.1:9/webhooks/8x8' });
    simulator.agentMessage('agent-alex', conversation!.id, 'Written while you were away');
    await eventually(() => simulator.sender.pending > 0);

    const second = await restart(api);
    await eventually(async () =>
      (await logTexts(second, credentials.conversationId)).includes(
        'agent: Written while you were away',
      ),
    );
    await eventually(() => second.demo!.simulator.sender.pending === 0);
    const texts = await logTexts(second, credentials.conversationId);
    expect(texts.filter((text) => text === 'agent: Written while you were away')).toHaveLength(1);
  });
});

describe('the demo simulator file', () => {
  it('is named with the way out when it cannot be read', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-restart-'));
    writeFileSync(join(dataDir, SIMULATOR_FILE), 'not a database, only text '.repeat(100));
    await expect(start('chat-gateway')).rejects.toThrow(
      `The 8x8 simulator cannot read ${join(dataDir, SIMULATOR_FILE)}`,
    );
  });
});
