import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';
import type { ContactCenterApi } from '../config.js';
import type { VersionField } from '../simulator/configuration.js';
import { type Channel, ConfigurationApi } from '../upstream/configuration-api.js';
import { findChannel, findWebhook, setUpTenant } from './tenant-setup.js';

/**
 * What `8x8:setup` does at 8x8, against the simulator for both APIs: made once,
 * found again (by name and URI, across pages), updated rather than duplicated,
 * and a webhook 8x8 cannot verify only a warning.
 */

/** A webhook receiver that answers 8x8's hello with 200, as the proxy does. */
let receiver: Server;
let receiverUrl: string;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe.each<ContactCenterApi>(['chat-gateway', 'chat-api'])('setting up a tenant (%s)', (api) => {
  let t: TestSimulator;
  let names = 0;
  beforeAll(async () => {
    t = await startSimulator(api);
  });
  afterAll(() => t.close());

  const configuration = () =>
    new ConfigurationApi({
      api,
      baseUrl: t.url,
      apiKey: t.simulator.apiKey,
      apiSecret: t.simulator.apiSecret,
      tenantId: t.simulator.tenantId,
      timeoutMs: 5000,
    });
  const run = async (wanted: { name: string; uri: string; queueId: string }) => {
    const said: string[] = [];
    const result = await setUpTenant(configuration(), wanted, (line) => said.push(line));
    return { ...result, said: said.join('\n') };
  };
  /** A setup of its own: a name and a URI no other test uses. */
  const wanted = () => {
    names++;
    return { name: `Parley ${names}`, uri: `${receiverUrl}/${names}/webhooks/8x8`, queueId: '101' };
  };
  const counts = () => ({
    webhooks: t.simulator.webhooks.size,
    channels: t.simulator.channels.size,
  });

  it.each<VersionField>(['version', 'notificationVersion'])(
    'sends both version fields: it works where 8x8 requires %s',
    async (field) => {
      t.simulator.webhookVersionField = field;
      try {
        const setup = wanted();
        const first = await run(setup);
        expect(first.said).toMatch(/webhook \d+ → .* \(created\)/);
        expect(first.verified).toBe(true);
        expect(t.simulator.webhook(first.webhook.id)).toMatchObject({
          uri: setup.uri,
          version: configuration().version,
        });
      } finally {
        t.simulator.webhookVersionField = 'either';
      }
    },
  );

  it('run twice, finds and reuses the webhook and the channel it made', async () => {
    const setup = wanted();
    const first = await run(setup);
    expect(first.said).toMatch(/channel \d+ → queue 101 \(created\)/);
    const before = counts();
    const again = await run(setup);
    expect(again.said).toMatch(/webhook \d+ .*\(already there\)/);
    expect(again.said).toMatch(/channel \d+ .*\(already there\)/);
    expect(again.webhook.id).toBe(first.webhook.id);
    expect(again.channel.id).toBe(first.channel.id);
    expect(counts()).toEqual(before);
  });

  it('updates (PUT) the webhook whose URI changed and the channel whose queue changed', async () => {
    const setup = wanted();
    const first = await run(setup);
    const before = counts();
    const movedUri = `${receiverUrl}/moved/${names}/webhooks/8x8`;
    const moved = await run({ ...setup, uri: movedUri, queueId: '103' });
    expect(moved.said).toContain(`→ ${movedUri} (updated; it was ${setup.uri})`);
    expect(moved.said).toMatch(
      /channel \d+ → queue 103 \(updated; it was webhook \d+, queue 101\)/,
    );
    expect(moved.webhook.id).toBe(first.webhook.id);
    expect(moved.channel.id).toBe(first.channel.id);
    expect(counts()).toEqual(before);
    expect(t.simulator.webhook(first.webhook.id).uri).toBe(movedUri);
    expect(t.simulator.channel(first.channel.id).routingOptions.id).toBe('103');
  });

  it('finds what it made on a later page of the lists', async () => {
    const other = t.simulator.createWebhook({
      name: 'someone else',
      uri: 'https://other.example.com/hook',
      version: configuration().version,
    });
    for (let i = 0; i < 130; i++) {
      t.simulator.createWebhook({
        name: `someone else ${i}`,
        uri: other.uri,
        version: other.version,
      });
      t.simulator.createChannel({ name: `other ${i}`, webHookId: other.id, queueId: '102' });
    }
    const setup = wanted();
    const first = await run(setup);
    const before = counts();
    const again = await run(setup);
    expect(again.webhook.id).toBe(first.webhook.id);
    expect(again.channel.id).toBe(first.channel.id);
    expect(counts()).toEqual(before);
    // Past the first page of 100, in either API's paging.
    expect([...t.simulator.webhooks.keys()].indexOf(first.webhook.id)).toBeGreaterThan(100);
  });

  it("leaves the other API's webhook and channel of the same name and URI alone", async () => {
    const setup = wanted();
    const version = api === 'chat-api' ? 'Chat Gateway v1.0' : 'v2.0';
    const theirs = t.simulator.createWebhook({ name: setup.name, uri: setup.uri, version });
    const theirChannel = t.simulator.createChannel({
      name: setup.name,
      webHookId: theirs.id,
      queueId: '102',
    });
    const ours = await run(setup);
    expect(ours.webhook.id).not.toBe(theirs.id);
    expect(ours.channel.id).not.toBe(theirChannel.id);
    expect(t.simulator.webhook(theirs.id)).toMatchObject({ uri: setup.uri, version });
    expect(t.simulator.channel(theirChannel.id)).toMatchObject({
      webHookId: theirs.id,
      routingOptions: { id: '102' },
    });
  });

  it('a webhook 8x8 cannot verify is a warning that says what to check; the channel is made', async () => {
    const setup = { ...wanted(), uri: 'http://127.0.0.1:9/webhooks/8x8' };
    const result = await run(setup);
    expect(result.verified).toBe(false);
    expect(result.said).toContain('warning: 8x8 could not verify http://127.0.0.1:9/webhooks/8x8');
    expect(result.said).toContain('http://127.0.0.1:9/healthz answers from outside');
    expect(result.said).toMatch(/TLS certificate/);
    expect(result.said).toMatch(/reverse proxy in front forwards/);
    expect(t.simulator.channel(result.channel.id).webHookId).toBe(result.webhook.id);
  });
});

describe('recognising what an earlier run made', () => {
  const uri = 'https://chat.example.com/webhooks/8x8';
  const hook = (id: string, name: string, at = uri) => ({
    id,
    name,
    uri: at,
    version: 'Chat Gateway v1.0',
  });

  it('prefers our name at our URI, then our URI, then our name', () => {
    const wanted = { name: 'Parley', uri };
    expect(
      findWebhook([hook('1', 'Other'), hook('2', 'Parley'), hook('3', 'Parley', 'x')], wanted)?.id,
    ).toBe('2');
    expect(findWebhook([hook('4', 'Parley', 'x'), hook('5', 'Hand-made')], wanted)?.id).toBe('5');
    expect(
      findWebhook([hook('6', 'Parley', 'https://old.example.com/webhooks/8x8')], wanted)?.id,
    ).toBe('6');
    expect(findWebhook([hook('7', 'Other', 'x')], wanted)).toBeUndefined();
  });

  it('looks only at Chat API channels (the gateway lists WebChat, SMS… too)', () => {
    const channel = (id: string, name: string, type?: string): Channel => ({
      id,
      name,
      ...(type ? { type } : {}),
      webHookId: '12',
      queueId: '101',
    });
    const wanted = { name: 'Parley', queueId: '101' };
    expect(findChannel([channel('1', 'Parley', 'WebChat')], wanted, '12')).toBeUndefined();
    expect(
      findChannel(
        [channel('1', 'Parley', 'WebChat'), channel('2', 'Parley', 'ChatAPI')],
        wanted,
        '12',
      )?.id,
    ).toBe('2');
    // The legacy API's channels have no type: all are Chat API channels.
    expect(findChannel([channel('3', 'Parley')], wanted, '12')?.id).toBe('3');
  });
});
