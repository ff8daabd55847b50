import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/demo.js';
import {
  startProxyFor,
  startSimulator,
  type TestProxy,
  type TestSimulator,
} from '../../test/support/simulator-harness.js';
import {
  type LocalSmtpServer,
  type ReceivedMail,
  startSmtpServer,
  until,
} from '../../test/support/smtp-server.js';

/**
 * Business hours, the offline form, the transcript email and departments,
 * end to end: a proxy on loopback, the 8x8 simulator, a real SMTP server.
 */

let sim: TestSimulator;
const proxies: TestProxy[] = [];
const smtps: LocalSmtpServer[] = [];
beforeAll(async () => {
  sim = await startSimulator('chat-gateway');
});
afterAll(() => sim.close());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await Promise.all(smtps.splice(0).map((smtp) => smtp.stop()));
});

async function proxyWith(env: Record<string, string>) {
  const proxy = await startProxyFor(sim, {
    OUTBOX_RETRY_BASE_MS: '50',
    OUTBOX_RETRY_MAX_MS: '200',
    ...env,
  });
  proxies.push(proxy);
  return proxy;
}

async function smtp(port = 0, received: ReceivedMail[] = []) {
  const server = await startSmtpServer(port, received);
  smtps.push(server);
  return server;
}

const availability = async (proxy: TestProxy) => {
  const response = await fetch(`${proxy.origin}/v1/availability`, {
    headers: { origin: proxy.origin },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

const post = (proxy: TestProxy, path: string, body: unknown, token?: string) =>
  fetch(`${proxy.origin}${path}`, {
    method: 'POST',
    headers: {
      origin: proxy.origin,
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

const offline = (patch: Record<string, unknown> = {}) => ({
  id: `offline-${Math.random().toString(36).slice(2, 12)}`,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  message: 'Please call me back about my order.',
  consent: true,
  ...patch,
});

describe('opening hours from the configuration', () => {
  it('is closed on a holiday and says when it opens', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const proxy = await proxyWith({
      OPENING_HOURS: 'sun-sat 00:00-24:00',
      OPENING_HOURS_TIME_ZONE: 'UTC',
      OPENING_HOURS_HOLIDAYS: today,
    });
    const tomorrow = new Date(`${today}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    expect(await availability(proxy)).toMatchObject({
      open: false,
      source: 'hours',
      nextOpenAt: tomorrow.toISOString(),
      offlineForm: false,
      transcriptEmail: false,
      departments: [],
    });
  });

  it('is always open with no hours and no schedule', async () => {
    expect(await availability(await proxyWith({}))).toMatchObject({ open: true, source: 'always' });
  });
});

describe("8x8's schedule status", () => {
  it('reads the api.8x8.com gateway form, and caches it for every visitor', async () => {
    sim.simulator.schedules.set('122', -1);
    const proxy = await proxyWith({ CC_SCHEDULE_ID: '122' });
    const before = sim.simulator.schedules.statusCalls;
    for (let i = 0; i < 5; i++)
      expect(await availability(proxy)).toMatchObject({ open: false, source: '8x8-schedule' });
    expect(sim.simulator.schedules.statusCalls - before).toBe(1);
  });

  it.each(['number', 'string'] as const)(
    'reads the cluster form with the status as a %s',
    async (statusAs) => {
      sim.simulator.schedules.statusAs = statusAs;
      sim.simulator.schedules.set('7', 0);
      const proxy = await proxyWith({
        CC_SCHEDULE_ID: '7',
        CC_SCHEDULE_URL: sim.url,
        CC_SCHEDULE_TOKEN: sim.simulator.schedules.dataToken,
        CC_TENANT_ID: sim.simulator.tenantId,
      });
      expect(await availability(proxy)).toMatchObject({ open: true, source: '8x8-schedule' });
      sim.simulator.schedules.statusAs = 'number';
    },
  );

  it('maps a "Choice #n" through CC_SCHEDULE_OPEN_CHOICES (others are closed)', async () => {
    sim.simulator.schedules.set('8', 'Choice #2');
    sim.simulator.schedules.set('9', 'Choice #3');
    const open = await proxyWith({ CC_SCHEDULE_ID: '8', CC_SCHEDULE_OPEN_CHOICES: 'Choice #2' });
    expect((await availability(open)).open).toBe(true);
    const closed = await proxyWith({ CC_SCHEDULE_ID: '9', CC_SCHEDULE_OPEN_CHOICES: 'Choice #2' });
    expect((await availability(closed)).open).toBe(false);
  });

  it('fails open by default, closed when configured, when the schedule cannot be read', async () => {
    const open = await proxyWith({ CC_SCHEDULE_ID: 'no-such-schedule' });
    expect((await availability(open)).open).toBe(true);
    const closed = await proxyWith({
      CC_SCHEDULE_ID: 'no-such-schedule',
      CC_SCHEDULE_ON_ERROR: 'closed',
    });
    expect((await availability(closed)).open).toBe(false);
  });
});

describe('offline messages', () => {
  it('reach the offline queue at 8x8 as a conversation carrying the message', async () => {
    const proxy = await proxyWith({ OFFLINE_DELIVERY: 'queue', CC_OFFLINE_QUEUE_ID: '102' });
    expect((await availability(proxy)).offlineForm).toBe(true);
    const text = `Offline ${Math.random()}`;
    const response = await post(proxy, '/v1/offline-messages', offline({ message: text }));
    expect(response.status).toBe(202);
    await eventually(
      () =>
        [...sim.simulator.conversations.values()].some(
          (conversation) =>
            conversation.queueId === '102' && conversation.messages.some((m) => m.text === text),
        ),
      5000,
    );
  });

  it('are kept while SMTP is down and delivered by email once it is back', async () => {
    const received: ReceivedMail[] = [];
    const first = await smtp(0, received);
    const port = first.port;
    const url = first.url;
    await first.stop();
    smtps.splice(smtps.indexOf(first), 1);
    const proxy = await proxyWith({
      SMTP_URL: url,
      SMTP_FROM: 'parley@example.com',
      OFFLINE_EMAIL_TO: 'support@example.com',
    });
    const message = offline({ name: 'Ada\r\nBcc: victim@example.com' });
    const response = await post(proxy, '/v1/offline-messages', message);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: message.id, status: 'pending' });
    const id = `offline:${message.id}`;
    await eventually(
      async () => ((await proxy.parley.store.deliveries.get(id))?.attempts ?? 0) >= 2,
      8000,
    );
    expect((await proxy.parley.store.deliveries.get(id))?.status).toBe('pending');
    // A repeat of the same id stores nothing twice.
    expect((await post(proxy, '/v1/offline-messages', message)).status).toBe(202);

    await smtp(port, received);
    await until(() => received.length > 0, 10_000);
    const [mail] = received;
    expect(mail!.to).toEqual(['support@example.com']);
    expect(mail!.raw).toMatch(/^Reply-To: ada@example\.com/m);
    expect(mail!.raw).toContain('Please call me back about my order.');
    // The visitor's CR/LF never made a header of its own.
    expect(mail!.raw).not.toMatch(/^Bcc:/m);
    expect(mail!.to).not.toContain('victim@example.com');
    await eventually(
      async () => (await proxy.parley.store.deliveries.get(id))?.status === 'delivered',
      5000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(1);
  });

  it('refuse what is not a valid message, as problem+json', async () => {
    const proxy = await proxyWith({ OFFLINE_DELIVERY: 'queue', CC_OFFLINE_QUEUE_ID: '102' });
    for (const bad of [
      offline({ consent: false }),
      offline({ email: 'ada@example.com\r\nBcc: x@example.com' }),
      offline({ email: 'not an address' }),
      offline({ message: '' }),
      offline({ extra: 'field' }),
      offline({ department: 'nope' }),
    ]) {
      const response = await post(proxy, '/v1/offline-messages', bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('are refused with 404 when the proxy takes none', async () => {
    const proxy = await proxyWith({});
    expect((await post(proxy, '/v1/offline-messages', offline())).status).toBe(404);
  });
});

describe('the transcript by email', () => {
  it('reaches the visitor through the local SMTP server, and is rate-limited per conversation', async () => {
    const server = await smtp();
    const proxy = await proxyWith({
      SMTP_URL: server.url,
      SMTP_FROM: 'parley@example.com',
      TRANSCRIPT_EMAIL_LIMIT: '1/1h',
    });
    expect((await availability(proxy)).transcriptEmail).toBe(true);
    const { conversationId, token } = await proxy.startConversation();
    const sent = await post(
      proxy,
      `/v1/conversations/${conversationId}/messages`,
      { clientMessageId: 'client-message-1', text: 'Where is my parcel?' },
      token,
    );
    expect(sent.status).toBe(202);
    await proxy.waitForEvents(conversationId, (events) => events.some((e) => e.type === 'message'));
    const path = `/v1/conversations/${conversationId}/transcript-email`;
    expect((await post(proxy, path, { email: 'visitor@example.com' })).status).toBe(401);
    expect((await post(proxy, path, { email: 'nope' }, token)).status).toBe(400);
    expect((await post(proxy, path, { email: 'visitor@example.com' }, token)).status).toBe(202);
    const again = await post(proxy, path, { email: 'visitor@example.com' }, token);
    expect(again.status).toBe(429);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    await until(() => server.received.length > 0);
    expect(server.received[0]!.to).toEqual(['visitor@example.com']);
    expect(server.received[0]!.raw).toContain('Where is my parcel?');
  });
});

describe('departments', () => {
  it('route the new conversation to the department’s queue at 8x8', async () => {
    const proxy = await proxyWith({
      DEPARTMENTS: 'sales:Sales=queue:103; billing:Billing and invoices=queue:102',
    });
    expect((await availability(proxy)).departments).toEqual([
      { id: 'sales', label: 'Sales' },
      { id: 'billing', label: 'Billing and invoices' },
    ]);
    const { upstreamId } = await proxy.startConversation({ department: 'sales' });
    expect(sim.simulator.conversations.get(upstreamId)?.queueId).toBe('103');
    const other = await proxy.startConversation({ department: 'billing' });
    expect(sim.simulator.conversations.get(other.upstreamId)?.queueId).toBe('102');
    for (const department of ['unknown', 'Sales!']) {
      const response = await post(proxy, '/v1/conversations', { department });
      expect(response.status).toBe(400);
    }
  });
});
