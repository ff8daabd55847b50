import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type TestSimulator } from '../../test/support/simulator-harness.js';

/**
 * Where 8x8's docs can be read more than one way, the simulator can play each
 * reading (switched over its control API or in-process), so the proxy is
 * proven against all of them.
 */

describe('webhook version field: 8x8 requires `notificationVersion` but defines `version`', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator('chat-gateway');
  });
  afterAll(() => t.close());

  const control = (field: string) =>
    fetch(`${t.url}/simulator/webhook-version-field`, {
      method: 'PUT',
      headers: { 'x-api-key': t.simulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ field }),
    });
  const create = async (fields: Record<string, string>) => {
    const response = await fetch(`${t.url}/chat-gateway/v1/webhooks`, {
      method: 'POST',
      headers: { 'x-api-key': t.simulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Parley',
        uri: 'https://chat.example.com/webhooks/8x8',
        ...fields,
      }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: unknown } };
  };
  const version = 'Chat Gateway v1.0';

  it('takes either, both or neither by default; a wrong value is refused', async () => {
    expect((await create({ version })).status).toBe(200);
    expect((await create({ notificationVersion: version })).status).toBe(200);
    expect((await create({ version, notificationVersion: version })).status).toBe(200);
    expect((await create({})).status).toBe(200);
    expect((await create({ version, notificationVersion: 'v2.0' })).status).toBe(400);
  });

  it('requires each in turn when switched', async () => {
    expect((await control('notificationVersion')).status).toBe(204);
    const without = await create({ version });
    expect(without.status).toBe(400);
    expect(JSON.stringify(without.body)).toContain('notificationVersion: May not be empty.');
    expect((await create({ version, notificationVersion: version })).status).toBe(200);

    expect((await control('version')).status).toBe(204);
    expect((await create({ notificationVersion: version })).status).toBe(400);
    expect((await create({ version, notificationVersion: version })).status).toBe(200);

    expect((await control('sometimes')).status).toBe(400);
    expect((await control('either')).status).toBe(204);
    expect((await create({ notificationVersion: version })).status).toBe(200);
  });
});

describe("the conversation list, filtered by the visitor's id", () => {
  let gateway: TestSimulator;
  let legacy: TestSimulator;
  beforeAll(async () => {
    gateway = await startSimulator('chat-gateway');
    legacy = await startSimulator('chat-api');
  });
  afterAll(async () => {
    await gateway.close();
    await legacy.close();
  });

  it('gateway: `filter` is FIQL over the listed conversation (user.userId==…)', async () => {
    for (const userId of ['parley-a', 'parley-b']) {
      gateway.simulator.createConversation({
        channelId: gateway.channel.id,
        user: { name: 'V', userId },
      });
    }
    const list = async (filter: string) => {
      const response = await fetch(
        `${gateway.url}/chat-gateway/v1/conversations?filter=${encodeURIComponent(filter)}`,
        { headers: { 'x-api-key': gateway.simulator.apiKey } },
      );
      if (response.status !== 200) return response.status;
      const body = (await response.json()) as {
        _embedded: { conversations: { user: { userId: string } }[] };
        page: { totalElements: number };
      };
      return body._embedded.conversations.map((conversation) => conversation.user.userId);
    };
    expect(await list('user.userId==parley-a')).toEqual(['parley-a']);
    expect(await list("user.userId=='parley-b'")).toEqual(['parley-b']);
    expect(await list('user.userId==parley-a,user.userId==parley-b')).toEqual([
      'parley-a',
      'parley-b',
    ]);
    expect(await list('user.userId==parley-a;state==idle')).toEqual([]);
    expect(await list('user.userId!=parley-a')).toEqual(['parley-b']);
    expect(await list('(user.userId==parley-a)')).toBe(400);
  });

  it('legacy: `userId` (read as the customer id) and `customer.<key>` filter the list', async () => {
    legacy.simulator.createConversation({
      api: 'legacy',
      channelId: legacy.channel.id,
      user: { name: 'V' },
      customer: { name: 'V', customerId: 'parley-c', email: 'c@example.com' },
    });
    legacy.simulator.createConversation({
      api: 'legacy',
      channelId: legacy.channel.id,
      user: { name: 'W' },
      customer: { name: 'W', customerId: 'parley-d' },
    });
    const token = legacy.simulator.issueToken().token;
    const base = `${legacy.url}/vcc/us/chat/v2/tenant/${legacy.simulator.tenantId}/conversations`;
    const list = async (query: string) => {
      const response = await fetch(`${base}?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { data: { customer: { customerId: string } }[] };
      return body.data.map((conversation) => conversation.customer.customerId);
    };
    expect(await list('userId=parley-c')).toEqual(['parley-c']);
    expect(await list('customer.customerId=parley-d')).toEqual(['parley-d']);
    expect(await list('customer.email=c%40example.com')).toEqual(['parley-c']);
    expect(await list('userId=nobody')).toEqual([]);
  });
});
