/**
 * The proxy's configuration, read from environment variables (and .env, loaded
 * by main.ts). Every value is validated here, once; the rest of the code trusts it.
 */

export interface ContactCenterConfig {
  /** Which 8x8 API: the Chat Gateway v1 (default) or the legacy Chat API v2. */
  api: ContactCenterApi;
  baseUrl: string;
  apiKey: string;
  /** The legacy API's OAuth secret (CC_API_SECRET). */
  apiSecret?: string;
  /** X-8x8-Tenant for the gateway; the tenant path segment for the legacy API (required there). */
  tenantId?: string;
  region: string;
  channelId: string;
  queueId?: string;
  /** Gateway only: hand new chats to this chat script instead of a queue. */
  scriptId?: string;
  timeoutMs: number;
}

export type ContactCenterApi = 'chat-gateway' | 'chat-api';

export interface Config {
  host: string;
  port: number;
  /** The URL visitors' browsers and 8x8's webhooks reach this proxy at. */
  publicUrl?: string;
  /** Origins allowed to use the widget API; empty means the proxy's own origin only. */
  allowedOrigins: string[];
  dataDir: string;
  /** Signs conversation tokens; when absent one is generated and kept in dataDir. */
  tokenSecret?: string;
  tokenTtlSeconds: number;
  webhookMaxSkewSeconds: number;
  maxEventsPerConversation: number;
  /** Largest file a visitor may send, bytes. */
  attachmentMaxBytes: number;
  /** MIME types a visitor may send. */
  attachmentTypes: string[];
  logLevel: string;
  /** No 8x8 credentials: run the demo against the built-in simulator. */
  demo: boolean;
  /** CC_API: also which API the demo's simulator speaks. */
  contactCenterApi: ContactCenterApi;
  contactCenter?: ContactCenterConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
];

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const apiKey = read.string('CC_API_KEY');
  const config: Config = {
    host: read.string('HOST') ?? '0.0.0.0',
    port: read.integer('PORT', 8080, 0, 65535),
    publicUrl: read.url('PUBLIC_URL'),
    allowedOrigins: read
      .list('ALLOWED_ORIGINS')
      .map((origin) => read.origin('ALLOWED_ORIGINS', origin)),
    dataDir: read.string('DATA_DIR') ?? 'data',
    tokenSecret: read.string('TOKEN_SECRET'),
    tokenTtlSeconds: read.integer('TOKEN_TTL_SECONDS', 24 * 60 * 60, 60, 30 * 24 * 60 * 60),
    webhookMaxSkewSeconds: read.integer('WEBHOOK_MAX_SKEW_SECONDS', 300, 1, 24 * 60 * 60),
    maxEventsPerConversation: read.integer('MAX_EVENTS_PER_CONVERSATION', 5000, 10, 1_000_000),
    attachmentMaxBytes: read.integer(
      'ATTACHMENT_MAX_BYTES',
      10 * 1024 * 1024,
      0,
      100 * 1024 * 1024,
    ),
    attachmentTypes: read.list('ATTACHMENT_TYPES', DEFAULT_ATTACHMENT_TYPES),
    // The demo keeps the terminal for the two addresses it prints; production logs requests.
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, apiKey === undefined ? 'warn' : 'info'),
    demo: apiKey === undefined,
    contactCenterApi: read.oneOf('CC_API', ['chat-gateway', 'chat-api'], 'chat-gateway'),
  };
  if (config.tokenSecret !== undefined && config.tokenSecret.length < 32) {
    problems.push('TOKEN_SECRET must be at least 32 characters (try: openssl rand -base64 48)');
  }
  if (apiKey !== undefined) {
    const channelId = read.string('CC_CHANNEL_ID');
    if (!channelId)
      problems.push('CC_CHANNEL_ID is required when CC_API_KEY is set (run npm run 8x8:setup)');
    const tenantId = read.string('CC_TENANT_ID');
    const queueId = read.string('CC_QUEUE_ID');
    const scriptId = read.string('CC_SCRIPT_ID');
    const apiSecret = read.string('CC_API_SECRET');
    if (config.contactCenterApi === 'chat-api') {
      if (!apiSecret) problems.push('CC_API_SECRET is required with CC_API=chat-api');
      if (!tenantId) problems.push('CC_TENANT_ID is required with CC_API=chat-api');
    }
    config.contactCenter = {
      api: config.contactCenterApi,
      ...(apiSecret ? { apiSecret } : {}),
      ...(scriptId ? { scriptId } : {}),
      baseUrl: read.url('CC_BASE_URL') ?? 'https://api.8x8.com',
      apiKey,
      region: read.oneOf('CC_REGION', ['us', 'eu', 'ca', 'ap'], 'us'),
      channelId: channelId ?? '',
      timeoutMs: read.integer('CC_TIMEOUT_MS', 10_000, 100, 120_000),
      ...(tenantId ? { tenantId } : {}),
      ...(queueId ? { queueId } : {}),
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

class Reader {
  constructor(
    readonly env: Env,
    readonly problems: string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, not "${raw}"`);
    return fallback;
  }

  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {}
    this.problems.push(`${name} must be an http(s) URL, not "${raw}"`);
    return undefined;
  }

  list(name: string, fallback: string[] = []): string[] {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  origin(name: string, raw: string): string {
    try {
      const url = new URL(raw);
      if (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.origin === raw.replace(/\/$/, '')
      ) {
        return url.origin;
      }
    } catch {}
    this.problems.push(
      `${name} entries must be origins like https://www.example.com, not "${raw}"`,
    );
    return raw;
  }
}
