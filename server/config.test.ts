import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatSummary, loadConfig } from './config.js';
import { projectRoot } from './paths.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('has working defaults: the demo, with every limit on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      demo: true,
      trustProxy: false,
      maxEventAgeDays: 30,
      rateLimits: { createPerIp: { limit: 20, windowMs: 60_000 } },
      streams: { perConversation: 10, perIp: 50, perInstance: 10_000, maxBufferedBytes: 262_144 },
      outbox: { retryBaseMs: 1000, retryMaxMs: 60_000, giveUpMs: 600_000 },
      shutdownDrainSeconds: 10,
      requestTimeoutMs: 30_000,
    });
  });

  it('reads rates, proxies and lists', () => {
    const config = loadConfig({
      RATE_LIMIT_SEND_PER_IP: '100/30s',
      RATE_LIMIT_TYPING_PER_IP: 'off',
      RATE_LIMIT_CREATE_PER_IP: '5/h',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example/',
    });
    expect(config.rateLimits.sendPerIp).toEqual({ limit: 100, windowMs: 30_000 });
    expect(config.rateLimits.typingPerIp.limit).toBe(0);
    expect(config.rateLimits.createPerIp).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(config.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('names every wrong value at once, each with what it should be', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TOKEN_SECRET: 'short',
      RATE_LIMIT_SEND_PER_IP: 'lots',
      STREAMS_PER_IP: '0',
      TRUST_PROXY: 'the usual',
      ALLOWED_ORIGINS: 'https://a.example/path',
      LOG_LEVEL: 'loud',
      CC_API_KEY: 'key',
      OUTBOX_RETRY_BASE_MS: '5000',
      OUTBOX_RETRY_MAX_MS: '1000',
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535, not "eighty"',
      'ALLOWED_ORIGINS entries must be origins like https://www.example.com, not "https://a.example/path"',
      expect.stringMatching(/^TRUST_PROXY must be true, false, a number/),
      expect.stringMatching(/^RATE_LIMIT_SEND_PER_IP must look like 20\/1m .* not "lots"$/),
      'STREAMS_PER_IP must be a whole number from 1 to 100000, not "0"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
      expect.stringMatching(/^TOKEN_SECRET must be at least 32 characters/),
      'OUTBOX_RETRY_MAX_MS must not be smaller than OUTBOX_RETRY_BASE_MS',
      expect.stringMatching(/^CC_CHANNEL_ID is required when CC_API_KEY is set/),
    ]);
  });

  it('refuses a channel id 8x8 can never have, and takes each form it documents', () => {
    const key = { CC_API_KEY: 'key' };
    expect(problemsOf({ ...key, CC_CHANNEL_ID: 'abc' })).toEqual([
      'CC_CHANNEL_ID must be the channel\'s id as 8x8 gives it, digits like 25 or a long id like f5odm43occnifcdcsa (`parley 8x8:setup` prints it; `pending` until then), not "abc"',
    ]);
    for (const wrong of ['channel-1', '25 26', 'https://api.8x8.com/channels/25', '../25']) {
      expect(problemsOf({ ...key, CC_CHANNEL_ID: wrong }), wrong).toHaveLength(1);
    }
    for (const api of [{}, { CC_API: 'chat-api', CC_API_SECRET: 's', CC_TENANT_ID: 't' }]) {
      for (const id of ['25', 'f5odm43occnifcdcsa', 'vXg39aMTRlq4xCBFaUCTlA', 'pending']) {
        expect(loadConfig({ ...key, ...api, CC_CHANNEL_ID: id }).contactCenter?.channelId).toBe(id);
      }
    }
  });

  it('refuses an empty HOST= rather than quietly listening everywhere', () => {
    for (const empty of ['', '   ']) {
      expect(problemsOf({ HOST: empty })).toEqual([
        'HOST is empty: remove the line to listen on every address (0.0.0.0), or set one such as 127.0.0.1',
      ]);
    }
    expect(loadConfig({}).host).toBe('0.0.0.0');
  });

  it('says "(unset)" alone for what has no default, and "(default)" only after a value', () => {
    const lines = formatSummary(loadConfig({})).split('\n');
    expect(lines.filter((line) => /\)\s*\(default\)$/.test(line))).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/^\s+PUBLIC_URL\s+\(unset\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+ALLOWED_ORIGINS\s+\(none\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+PORT\s+8080 \(default\)$/));
  });

  it('summarises every variable, marks defaults and masks secrets', () => {
    const config = loadConfig({
      CC_API_KEY: 'the-real-api-key-value',
      CC_CHANNEL_ID: '25',
      TOKEN_SECRET: 'a-token-secret-that-is-long-enough-to-use',
      METRICS_TOKEN: 'scrape-me-please',
      PORT: '9000',
    });
    const summary = formatSummary(config);
    for (const secret of [
      'the-real-api-key-value',
      'a-token-secret-that-is-long-enough-to-use',
      'scrape-me-please',
    ]) {
      expect(summary).not.toContain(secret);
    }
    expect(summary).toMatch(/CC_API_KEY\s+\(set, 22 characters\)/);
    expect(summary).toMatch(/PORT\s+9000$/m);
    expect(summary).toMatch(/HOST\s+0\.0\.0\.0 \(default\)/);
    expect(summary).toMatch(/CC_CHANNEL_ID\s+25$/m);
    expect(summary).toMatch(/RATE_LIMIT_SEND_PER_CONVERSATION\s+30\/1m \(default\)/);
  });

  it('stops the proxy at start with exit code 78 and the list of problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    // .env in the working directory is read too; the environment wins over it.
    writeFileSync(join(dir, '.env'), 'STREAMS_PER_IP=lots\nPORT=1\n');
    const tsx = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const result = spawnSync(
      process.execPath,
      ['--import', tsx, join(projectRoot, 'server', 'main.ts')],
      { cwd: dir, env: { PATH: process.env.PATH, PORT: 'nope' }, encoding: 'utf8' },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('PORT must be a whole number from 0 to 65535, not "nope"');
    expect(result.stderr).toContain('STREAMS_PER_IP must be a whole number');
  });
});
