import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatedParley, startTestParley, type TestParley } from '../../test/support/demo.js';
import { SseClient } from '../../test/support/sse-client.js';
import { SigningKey } from '../simulator/signing-key.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';

/** What an operator relies on: probes, metrics, headers, assets, logs, shutdown. */

describe('probes', () => {
  it('is ready when the store and 8x8 answer, and not when 8x8 does not', async () => {
    const g = await startGatedParley();
    try {
      g.gate.fail({ kind: 'status', status: 503 }, (_method, path) => path.includes('/channels/'));
      const down = await fetch(`${g.origin}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'not ready', store: true, contactCenter: false });
      expect((await fetch(`${g.origin}/healthz`)).status).toBe(200);
    } finally {
      await g.close();
    }
    const t = await startTestParley();
    try {
      const ready = await fetch(`${t.origin}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', store: true, contactCenter: true });
    } finally {
      await t.close();
    }
  });
});

describe('metrics, headers, assets and logs', () => {
  let t: TestParley;
  const lines: string[] = [];
  let widgetDir: string;
  beforeAll(async () => {
    widgetDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    writeFileSync(join(widgetDir, 'parley.js'), 'console.log("loader")');
    writeFileSync(join(widgetDir, 'app-Ab12Cd34.js'), 'export {}');
    mkdirSync(join(widgetDir, '.vite'));
    writeFileSync(join(widgetDir, '.vite', 'manifest.json'), '{}');
    t = await startTestParley(
      { LOG_LEVEL: 'trace', METRICS_TOKEN: 'metrics-secret-1234' },
      { widgetDir, logStream: { write: (line: string) => void lines.push(line) } },
    );
  });
  afterAll(async () => {
    await t.close();
    rmSync(widgetDir, { recursive: true, force: true });
  });

  it('serves Prometheus metrics to a scraper with the token only', async () => {
    const credentials = await t.startConversation();
    const stream = await SseClient.open(t.streamUrl(credentials));
    await stream.waitFor((s) => s.events().length >= 2);
    const key = new SigningKey();
    const body = '{"eventType":"QUEUED","conversationId":"x","timestamp":1}';
    const transmissionTime = Date.now();
    const refused = await fetch(`${t.origin}/webhooks/8x8`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-8x8-customer-id': 'c',
        'x-8x8-tenant-id': 't',
        'x-8x8-event-id': 'e1',
        'x-8x8-transmission-time': String(transmissionTime),
        'x-8x8-retry': '0',
        'x-8x8-signature': key.sign(Buffer.from(body), {
          customerId: 'c',
          tenantId: 't',
          eventId: 'e1',
          transmissionTime,
          retry: 0,
        }),
      },
      body,
    });
    expect(refused.status).toBe(401);

    expect((await fetch(`${t.origin}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${t.origin}/metrics`, {
      headers: { authorization: 'Bearer metrics-secret-1234' },
    });
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await scrape.text();
    stream.close();
    expect(text).toMatch(/^parley_streams_open 1$/m);
    expect(text).toMatch(/^parley_events_relayed_total [2-9]\d*$/m);
    expect(text).toMatch(/^parley_webhook_verification_failures_total 1$/m);
    expect(text).toMatch(/^parley_webhooks_total\{status="200"\} \d+$/m);
    expect(text).toMatch(
      /^parley_upstream_call_duration_seconds_count\{operation="createConversation",outcome="ok"\} 1$/m,
    );
    expect(text).toMatch(/^parley_outbox_depth 0$/m);
    expect(text).toMatch(/^parley_events_stored_total\{source="8x8"\} \d+$/m);
    expect(text).toMatch(/^parley_process_resident_memory_bytes \d+/m);
  });

  it('puts security headers on everything it serves', async () => {
    const credentials = await t.startConversation();
    const answers = await Promise.all(
      [
        '/healthz',
        '/nothing-here',
        '/parley.js',
        '/widget/app-Ab12Cd34.js',
        `/v1/conversations/${credentials.conversationId}/transcript`,
        '/',
      ].map((path) => t.call(path)),
    );
    for (const response of answers) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toBeNull(); // not served over https
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    }
    const [health, , loader, app] = answers;
    expect(health!.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(health!.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(loader!.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(app!.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('asks browsers for HTTPS only when its public URL is https', async () => {
    const https = await startTestParley({ PUBLIC_URL: 'https://chat.example' });
    try {
      const health = await fetch(`${https.origin}/healthz`);
      expect(health.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await https.close();
    }
  });

  it('serves the demo page with a CSP that needs no unsafe-inline', async () => {
    const page = await t.call('/');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toMatch(/unsafe/);
  });

  it("answers a reload of its pages (304) with the page's CSP, not the API's", async () => {
    // A 304's headers replace the cached page's (Fetch: "update stored headers"): an API CSP
    // there left the agent console blank on reload.
    for (const path of ['/', '/agent']) {
      const page = await t.call(path);
      expect(page.status).toBe(200);
      await page.text();
      // As Chrome reloads (fetch() would add `cache-control: no-cache`, never answered 304).
      const again = await t.call(path, {
        headers: {
          'cache-control': 'max-age=0',
          'if-none-match': page.headers.get('etag')!,
          'if-modified-since': page.headers.get('last-modified')!,
        },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get('content-security-policy')).toBe(
        page.headers.get('content-security-policy'),
      );
    }
  });

  it('serves pages that declare their icon, so no browser asks for a missing /favicon.ico', async () => {
    for (const path of ['/', '/agent']) {
      expect(await (await t.call(path)).text(), path).toMatch(/<link rel="icon" href="data:,"/);
    }
  });

  it('caches the hashed app for a year and the loader for minutes, and hides build files', async () => {
    const app = await t.call('/widget/app-Ab12Cd34.js');
    expect(app.status).toBe(200);
    expect(app.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(app.headers.get('access-control-allow-origin')).toBe('*');
    const loader = await t.call('/parley.js');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await loader.text()).toContain('loader');
    expect((await t.call('/widget/.vite/manifest.json')).status).toBe(404);
  });

  it('logs JSON with a request id, and never a token, a signature or an API key', async () => {
    const credentials = await t.startConversation();
    const marked = await t.call(`/v1/conversations/${credentials.conversationId}/transcript`, {
      token: credentials.token,
      headers: { 'x-request-id': 'lb-request-42' },
    });
    expect(marked.headers.get('x-request-id')).toBe('lb-request-42');
    const stream = await SseClient.open(t.streamUrl(credentials, '&lastEventId=1'));
    await stream.waitFor((s) => s.frames.length > 0);
    stream.close();
    // Refused tokens are logged as refused, not shown.
    await fetch(
      `${t.origin}/v1/conversations/${credentials.conversationId}/events?token=${credentials.token}`,
    );
    await t.call(`/v1/conversations/${credentials.conversationId}/transcript`, {
      token: `${credentials.token}x`,
    });
    await t.call('/metrics', { headers: { authorization: 'Bearer metrics-secret-1234' } });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const log = lines.join('');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.some((entry) => entry.reqId === 'lb-request-42')).toBe(true);
    expect(entries.every((entry) => typeof entry.level === 'number' && 'time' in entry)).toBe(true);
    expect(log).toContain('token=[redacted]');
    for (const secret of [
      credentials.token,
      credentials.streamToken,
      credentials.token.split('.')[1]!,
      credentials.streamToken.split('.')[1]!,
      'metrics-secret-1234',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, ends the streams with a retry, and leaves a complete data file', async () => {
    const t = await startGatedParley({
      SHUTDOWN_DRAIN_SECONDS: '1',
      STREAM_RETRY_MS: '500',
      OUTBOX_RETRY_BASE_MS: '60000',
      OUTBOX_RETRY_MAX_MS: '60000',
    });
    const credentials = await t.startConversation();
    t.gate.fail({ kind: 'status', status: 503 }, (_method, path) => path.endsWith('/messages'));
    expect(await (await t.send(credentials, 'pending-at-shutdown', 'wait')).json()).toMatchObject({
      status: 'pending',
    });
    const streams = await Promise.all(
      [1, 2, 3].map(() => SseClient.open(t.streamUrl(credentials))),
    );
    for (const stream of streams) await stream.waitFor((s) => s.events().length > 0);
    const logged = (await t.logOf(credentials.conversationId)).length;

    const closing = t.parley.close();
    // The listening socket is closed at once: new visitors go to another instance.
    await expect(fetch(`${t.origin}/healthz`)).rejects.toThrow();
    await closing;
    for (const stream of streams) {
      await stream.waitFor((s) => s.ended);
      const retry = stream.frames.at(-1)?.retry ?? 0;
      expect(retry).toBeGreaterThanOrEqual(500);
      expect(retry).toBeLessThanOrEqual(1000);
    }

    const reopened = openSqliteStore(join(t.dataDir, 'parley.db'));
    expect(
      (await reopened.events.readAfter(credentials.conversationId, 0, 1000)).events,
    ).toHaveLength(logged);
    expect(await reopened.outbox.head(credentials.conversationId)).toMatchObject({
      clientMessageId: 'pending-at-shutdown',
      status: 'pending',
    });
    await reopened.close();
    await t.close();
  });
});
