import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import { ContactCenterSimulator, GATEWAY_VERSION } from './contact-center-simulator.js';
import { SimulatorStorage } from './simulator-storage.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A simulator on `file`; close() closes the file, as the simulator's server does. */
function open(file: string) {
  const storage = new SimulatorStorage(file);
  const simulator = new ContactCenterSimulator({ apiKey: 'key', storage });
  simulator.baseUrl = 'http://127.0.0.1:8088';
  return {
    simulator,
    close() {
      simulator.stop();
      storage.close();
    },
  };
}

describe('the simulator with its own file', () => {
  it('comes back as it was: set-up, keys, conversations with their messages and files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sim-file-'));
    const file = join(dir, 'simulator.db');
    const first = open(file);
    const sim = first.simulator;
    const webhook = sim.createWebhook({ name: 'hook', uri: '', version: GATEWAY_VERSION });
    const channel = sim.createChannel({ name: 'web', webHookId: webhook.id, queueId: '102' });
    const gateway = sim.createConversation({
      channelId: channel.id,
      user: { name: 'Ada', email: 'ada@example.com', custom: 'kept' },
    });
    // A later millisecond: conversations come back in the order they began, and two begun in the
    // same one come back in either order (it happened once the modules were warm).
    await new Promise((resolve) => setTimeout(resolve, 2));
    const legacy = sim.createConversation({
      channelId: channel.id,
      user: {},
      customer: { firstName: 'Grace' },
      api: 'legacy',
    });
    await eventually(() => gateway.waiting && legacy.waiting);
    const file1 = sim.upload(gateway.id, {
      filename: 'a.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.4 a file'),
    });
    sim.userMessage(gateway.id, 'Here is the file', 'user', [file1.id]);
    sim.accept('agent-sam', gateway.id);
    sim.agentMessage('agent-sam', gateway.id, 'Thanks');
    sim.userTyping(gateway.id);
    sim.accept('agent-kim', legacy.id);
    sim.end('agent-kim', legacy.id);
    const oldKey = sim.signingKey.kid;
    sim.rotateKey();
    const url = sim.preSignedUrl(gateway.id, file1.id);
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));
    const before = asJson([...sim.conversations.values()]) as (typeof legacy)[];
    const keys = [...sim.keys.keys()];
    first.close();

    const second = open(file);
    const again = second.simulator;
    try {
      expect(asJson([...again.conversations.values()])).toEqual(
        // Typing indicators last seconds: a restart forgets them.
        before.map((conversation) => ({ ...conversation, userTyping: false })),
      );
      expect(again.conversation(legacy.id).heldAgentId).toBe('agent-kim');
      expect(again.attachment(again.conversation(gateway.id), file1.id).data.toString()).toBe(
        '%PDF-1.4 a file',
      );
      // Download URLs handed out before still open the file.
      const handedOut = new URL(url).searchParams;
      expect(
        again.checkUrl(gateway.id, file1.id, {
          issued: handedOut.get('issued') ?? undefined,
          signature: handedOut.get('signature') ?? undefined,
        }),
      ).toBe('valid');
      // Every key stays published, and the new one still signs.
      expect([...again.keys.keys()]).toEqual(keys);
      expect(again.signingKey.kid).not.toBe(oldKey);
      expect(again.signingKey.kid).toBe(keys.at(-1));
      expect(again.webhook(webhook.id)).toEqual(webhook);
      expect(again.channel(channel.id)).toEqual(channel);
      // New ids go on from where they were: none is handed out twice.
      const next = again.createWebhook({ name: 'other', uri: '', version: GATEWAY_VERSION });
      expect(Number(next.id)).toBeGreaterThan(Number(channel.id));

      // Messages added after the restart are written too, after the earlier ones.
      again.userMessage(gateway.id, 'One more', 'user');
    } finally {
      second.close();
    }
    const third = open(file);
    expect(third.simulator.conversation(gateway.id).messages.map((m) => m.text)).toEqual([
      'Here is the file',
      'Thanks',
      'One more',
    ]);
    third.close();
  });
});
