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
