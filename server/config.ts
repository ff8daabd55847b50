import { readAgentDirectory } from './agent-directory-file.js';
import { type Env, EnvReader, type Format, type Parser } from './env-reader.js';
import type { WhenNoAgents } from './hours/no-agents.js';
import { type HoursConfig, readHoursConfig } from './hours-config.js';
import type { AgentDirectory } from './relay/agent-directory.js';

/**
 * The proxy's configuration: every variable, its default and what it must be,
 * read from environment variables (and .env, loaded by main.ts) by env-reader.ts.
 * Every value is validated here, once; the rest of the code trusts it. Every
 * variable read is also recorded, with secrets masked, for the summary the proxy
 * prints at start.
 */

export interface ContactCenterConfig {
  /** Which 8x8 API: the Chat Gateway v1 (default) or the legacy Chat API v2. */
  api: ContactCenterApi;
  baseUrl: string;
  apiKey: string;
  /** The legacy API's OAuth secret (CC_API_SECRET). */
  apiSecret?: string;
  /**
   * X-8x8-Tenant for the gateway; the tenant path segment for the legacy API
   * (required there). Webhooks of another x-8x8-tenant-id are refused.
   */
  tenantId?: string;
  /** CC_CUSTOMER_ID: webhooks of another x-8x8-customer-id are refused. */
  customerId?: string;
  region: string;
  channelId: string;
  queueId?: string;
  /** Gateway only: hand new chats to this chat script instead of a queue. */
  scriptId?: string;
  timeoutMs: number;
}

export type ContactCenterApi = 'chat-gateway' | 'chat-api';

/** At most `limit` hits per `windowMs`; a limit of 0 turns it off. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  createPerIp: RateLimit;
  sendPerIp: RateLimit;
  sendPerConversation: RateLimit;
  typingPerIp: RateLimit;
  typingPerConversation: RateLimit;
  downloadPerIp: RateLimit;
  downloadPerConversation: RateLimit;
  /** Survey answers, exports and deletions of the visitor's data, per address. */
  visitorDataPerIp: RateLimit;
}

export interface StreamConfig {
  perConversation: number;
  perIp: number;
  perInstance: number;
  /** A client that lets more than this pile up unread is dropped. */
  maxBufferedBytes: number;
  heartbeatMs: number;
  /** The `retry:` of a normal stream. */
  retryMs: number;
  /** The `retry:` sent with the close at a cap or while shutting down. */
  busyRetryMs: number;
}

export interface OutboxConfig {
  /** First retry delay; it doubles per attempt up to retryMaxMs (with jitter). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message not taken by 8x8 this long after it was sent fails. */
  giveUpMs: number;
}

export interface Config {
  host: string;
  port: number;
  /** The URL visitors' browsers and 8x8's webhooks reach this proxy at. */
  publicUrl?: string | undefined;
  /** Origins allowed to use the widget API; empty means the proxy's own origin only. */
  allowedOrigins: string[];
  /** Which proxies in front may set X-Forwarded-For (Fastify's trustProxy). */
  trustProxy: boolean | number | string[];
  dataDir: string;
  /**
   * When set, every instance keeps its state in this Redis (docs/scaling.md);
   * otherwise in SQLite under dataDir. May carry a password: never print it.
   */
  redisUrl?: string | undefined;
  /** Signs conversation tokens; when absent one is generated and kept in dataDir. */
  tokenSecret?: string | undefined;
  tokenTtlSeconds: number;
  webhookMaxSkewSeconds: number;
  maxEventsPerConversation: number;
  maxEventAgeDays: number;
  /** Largest file a visitor may send, bytes. */
  attachmentMaxBytes: number;
  /** MIME types a visitor may send. */
  attachmentTypes: string[];
  rateLimits: RateLimits;
  streams: StreamConfig;
  outbox: OutboxConfig;
  shutdownDrainSeconds: number;
  /**
   * The longest a client may take to send a whole request (headers and body):
   * a slowloris that trickles bytes is answered 408 and cut after this.
   */
  requestTimeoutMs: number;
  /** When set, /metrics wants `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  logLevel: string;
  /** No 8x8 credentials: run the demo against the built-in simulator. */
  demo: boolean;
  /** CC_API: also which API the demo's simulator speaks. */
  contactCenterApi: ContactCenterApi;
  contactCenter?: ContactCenterConfig | undefined;
  /** The survey after a chat ends: its scale, or off. */
  survey: 'stars' | 'thumbs' | 'off';
  /** How a rating reaches 8x8: as a final message on the conversation, or not at all. */
  surveyTo8x8: 'message' | 'off';
  /** Every variable as read, secrets masked: what the proxy prints at start. */
  summary: [name: string, value: string][];
  // business hours, offline form, mail, departments (hours-config.ts)
  availability: HoursConfig;
  // queue waits and agent identity
  /** How often 8x8's queue statistics are asked, per queue; 0 turns the wait estimate off. */
  queueStatsIntervalMs: number;
  /** AGENT_DIRECTORY_FILE: agent id → name, photo, title. */
  agentDirectory: AgentDirectory;
  /** WHEN_NO_AGENTS: open hours with nobody logged in take chats (`chat`) or close (`offline`). */
  whenNoAgents: WhenNoAgents;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
];

const DAY = 24 * 60 * 60;

export function loadConfig(env: Env): Config {
  const read = new EnvReader(env);
  const { problems } = read;

  const apiKey = read.secret('CC_API_KEY');
  const config: Config = {
    host: read.nonEmpty(
      'HOST',
      '0.0.0.0',
      'remove the line to listen on every address (0.0.0.0), or set one such as 127.0.0.1',
    ),
    port: read.integer('PORT', 8080, 0, 65535),
    publicUrl: read.url('PUBLIC_URL'),
    allowedOrigins: read.list('ALLOWED_ORIGINS', [], ORIGIN),
    trustProxy: read.as('TRUST_PROXY', TRUST_PROXY),
    dataDir: read.string('DATA_DIR', 'data'),
    redisUrl: read.as('REDIS_URL', REDIS_URL),
    tokenSecret: read.secret('TOKEN_SECRET'),
    tokenTtlSeconds: read.integer('TOKEN_TTL_SECONDS', DAY, 60, 30 * DAY),
    webhookMaxSkewSeconds: read.integer('WEBHOOK_MAX_SKEW_SECONDS', 300, 1, DAY),
    maxEventsPerConversation: read.integer('MAX_EVENTS_PER_CONVERSATION', 5000, 10, 1_000_000),
    maxEventAgeDays: read.integer('MAX_EVENT_AGE_DAYS', 30, 1, 3650),
    attachmentMaxBytes: read.integer(
      'ATTACHMENT_MAX_BYTES',
      10 * 1024 * 1024,
      0,
      100 * 1024 * 1024,
    ),
    attachmentTypes: read.list('ATTACHMENT_TYPES', DEFAULT_ATTACHMENT_TYPES),
    rateLimits: {
      createPerIp: read.as('RATE_LIMIT_CREATE_PER_IP', rate('20/1m')),
      sendPerIp: read.as('RATE_LIMIT_SEND_PER_IP', rate('120/1m')),
      sendPerConversation: read.as('RATE_LIMIT_SEND_PER_CONVERSATION', rate('30/1m')),
      typingPerIp: read.as('RATE_LIMIT_TYPING_PER_IP', rate('240/1m')),
      typingPerConversation: read.as('RATE_LIMIT_TYPING_PER_CONVERSATION', rate('60/1m')),
      downloadPerIp: read.as('RATE_LIMIT_DOWNLOAD_PER_IP', rate('240/1m')),
      downloadPerConversation: read.as('RATE_LIMIT_DOWNLOAD_PER_CONVERSATION', rate('120/1m')),
      visitorDataPerIp: read.as('RATE_LIMIT_VISITOR_DATA_PER_IP', rate('30/1m')),
    },
    streams: {
      perConversation: read.integer('STREAMS_PER_CONVERSATION', 10, 1, 1000),
      perIp: read.integer('STREAMS_PER_IP', 50, 1, 100_000),
      perInstance: read.integer('STREAMS_PER_INSTANCE', 10_000, 1, 1_000_000),
      maxBufferedBytes: read.integer('STREAM_MAX_BUFFERED_KB', 256, 64, 64 * 1024) * 1024,
      heartbeatMs: read.integer('STREAM_HEARTBEAT_SECONDS', 15, 1, 300) * 1000,
      retryMs: read.integer('STREAM_RETRY_MS', 2000, 100, 60_000),
      busyRetryMs: read.integer('STREAM_BUSY_RETRY_SECONDS', 30, 1, 3600) * 1000,
    },
    outbox: {
      retryBaseMs: read.integer('OUTBOX_RETRY_BASE_MS', 1000, 10, 60_000),
      retryMaxMs: read.integer('OUTBOX_RETRY_MAX_MS', 60_000, 10, 3_600_000),
      giveUpMs: read.integer('OUTBOX_GIVE_UP_SECONDS', 600, 1, 7 * DAY) * 1000,
    },
    shutdownDrainSeconds: read.integer('SHUTDOWN_DRAIN_SECONDS', 10, 0, 600),
    requestTimeoutMs: read.integer('REQUEST_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
    metricsToken: read.secret('METRICS_TOKEN'),
    // The demo keeps the terminal for the two addresses it prints; production logs requests.
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, apiKey === undefined ? 'warn' : 'info'),
    demo: apiKey === undefined,
    contactCenterApi: read.oneOf('CC_API', ['chat-gateway', 'chat-api'], 'chat-gateway'),
    // How it went: the survey after a chat
    survey: read.oneOf('SURVEY', ['stars', 'thumbs', 'off'], 'stars'),
    surveyTo8x8: read.oneOf('SURVEY_TO_8X8', ['message', 'off'], 'message'),
    summary: read.summary,
    availability: readHoursConfig(read, env),
    // queue waits and agent identity
    queueStatsIntervalMs: read.integer('QUEUE_STATS_INTERVAL_SECONDS', 10, 0, 3600) * 1000,
    agentDirectory: {},
    whenNoAgents: read.oneOf('WHEN_NO_AGENTS', ['chat', 'offline'], 'chat'),
  };
  if (config.queueStatsIntervalMs > 0 && config.queueStatsIntervalMs < 5000) {
    problems.push(
      "QUEUE_STATS_INTERVAL_SECONDS must be 0 (off) or at least 5: 8x8's real-time values change every 5 s",
    );
  }
  const directoryFile = read.string('AGENT_DIRECTORY_FILE');
  if (directoryFile) {
    const directory = readAgentDirectory(directoryFile);
    if (Array.isArray(directory)) problems.push(...directory);
    else config.agentDirectory = directory;
  }
  if (config.tokenSecret !== undefined && config.tokenSecret.length < 32) {
    problems.push('TOKEN_SECRET must be at least 32 characters (try: openssl rand -base64 48)');
  }
  if (config.outbox.retryMaxMs < config.outbox.retryBaseMs) {
    problems.push('OUTBOX_RETRY_MAX_MS must not be smaller than OUTBOX_RETRY_BASE_MS');
  }
  if (apiKey !== undefined) {
    const channelId = read.as('CC_CHANNEL_ID', CHANNEL_ID);
    if (!env.CC_CHANNEL_ID?.trim())
      problems.push('CC_CHANNEL_ID is required when CC_API_KEY is set (run npm run 8x8:setup)');
    const tenantId = read.string('CC_TENANT_ID');
    const customerId = read.string('CC_CUSTOMER_ID');
    const queueId = read.string('CC_QUEUE_ID');
    const scriptId = read.string('CC_SCRIPT_ID');
    const apiSecret = read.secret('CC_API_SECRET');
    if (config.contactCenterApi === 'chat-api') {
      if (!apiSecret) problems.push('CC_API_SECRET is required with CC_API=chat-api');
      if (!tenantId) problems.push('CC_TENANT_ID is required with CC_API=chat-api');
    }
    config.contactCenter = {
      api: config.contactCenterApi,
      ...(apiSecret ? { apiSecret } : {}),
      ...(scriptId ? { scriptId } : {}),
      baseUrl: read.url('CC_BASE_URL', 'https://api.8x8.com'),
      apiKey,
      region: read.oneOf('CC_REGION', ['us', 'eu', 'ca', 'ap'], 'us'),
      channelId: channelId ?? '',
      timeoutMs: read.integer('CC_TIMEOUT_MS', 10_000, 100, 120_000),
      ...(tenantId ? { tenantId } : {}),
      ...(customerId ? { customerId } : {}),
      ...(queueId ? { queueId } : {}),
    };
  }
  problems.push(...noAgentsProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * WHEN_NO_AGENTS=offline needs to know who is logged in: 8x8's queue statistics
 * (CC_API_SECRET, asked every QUEUE_STATS_INTERVAL_SECONDS) about the queues
 * chats go to (CC_QUEUE_ID, the departments'). The demo has both.
 */
function noAgentsProblems(config: Config): string[] {
  if (config.whenNoAgents !== 'offline' || config.demo) return [];
  const problems: string[] = [];
  if (!config.contactCenter?.apiSecret || config.queueStatsIntervalMs === 0)
    problems.push(
      "WHEN_NO_AGENTS=offline needs 8x8's queue statistics: CC_API_SECRET, and QUEUE_STATS_INTERVAL_SECONDS not 0",
    );
  if (presenceQueues(config).length === 0)
    problems.push(
      'WHEN_NO_AGENTS=offline needs a queue to ask about: CC_QUEUE_ID, or DEPARTMENTS with a queue',
    );
  return problems;
}

/** The queues new chats go to, whose agents decide "nobody logged in": CC_QUEUE_ID and the departments'. */
export function presenceQueues(config: Config, defaultQueue?: string): string[] {
  const queue = config.contactCenter?.queueId ?? defaultQueue;
  const departments = config.availability.departments
    .filter((department) => department.assignment.type === 'queue')
    .map((department) => department.assignment.id);
  return [...new Set([...(queue ? [queue] : []), ...departments])];
}

/** The summary as lines to print: `NAME  value`, secrets masked, defaults marked. */
export function formatSummary(config: Config): string {
  const width = Math.max(...config.summary.map(([name]) => name.length));
  return config.summary.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}

const WINDOW_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function parseRate(text: string): RateLimit | undefined {
  if (text === 'off' || text === '0') return { limit: 0, windowMs: 60_000 };
  const match = /^(\d+)\/(\d*)([smh])$/.exec(text);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowMs = Number(match[2] || 1) * WINDOW_UNITS[match[3]!]!;
  if (limit < 1 || windowMs < 1000 || windowMs > 24 * 3_600_000) return undefined;
  return { limit, windowMs };
}

/** `20/1m`: at most 20 per minute (units s, m, h); `off` or `0` turns the limit off. */
function rate(fallback: string): Format<RateLimit> {
  return {
    parse: parseRate,
    expected: 'must look like 20/1m (at most 20 per minute; units s, m, h; or off)',
    fallback: parseRate(fallback)!,
    unset: fallback,
  };
}

/**
 * 8x8's channel ids, in every form 8x8 documents, for both APIs (they name the
 * same Configuration Manager channels): digits, as every Channel object shows
 * ("25"), and the opaque form of the gateway's create-conversation example
 * ("f5odm43occnifcdcsa"). How long an opaque id can be is [UNCONFIRMED]: 12 or
 * more letters, digits, `-` and `_` are taken. `pending` is the placeholder of
 * the set-up steps (docs/8x8.md) until `8x8:setup` prints the real one. Anything
 * else (`abc`, a name, a URL) can never name a channel and is refused here,
 * rather than as a 400 on every visitor's first message.
 */
const PLACEHOLDER_CHANNEL_ID = 'pending';
const CHANNEL_ID: Format<string, undefined> = {
  parse: (raw) =>
    raw === PLACEHOLDER_CHANNEL_ID || /^(\d{1,18}|[A-Za-z0-9_-]{12,128})$/.test(raw)
      ? raw
      : undefined,
  expected: `must be the channel's id as 8x8 gives it, digits like 25 or a long id like f5odm43occnifcdcsa (\`parley 8x8:setup\` prints it; \`${PLACEHOLDER_CHANNEL_ID}\` until then)`,
  fallback: undefined,
  unset: '(unset)',
};

/** `false` (default), `true`, a number of hops, or a comma-separated list of addresses/CIDRs. */
const TRUST_PROXY: Format<boolean | number | string[]> = {
  parse(raw) {
    if (raw === 'false') return false;
    if (raw === 'true') return true;
    if (/^\d+$/.test(raw)) return Number(raw);
    const list = raw.split(',').map((item) => item.trim());
    if (list.every((item) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(item))) return list;
    return undefined;
  },
  expected: 'must be true, false, a number of proxy hops, or addresses/CIDRs like 10.0.0.0/8',
  fallback: false,
  unset: 'false',
};

/** redis:// or rediss:// (TLS); the summary shows it with the password masked. */
const REDIS_URL: Format<string, undefined> = {
  parse: (raw) => (redisUrl(raw) ? raw : undefined),
  expected: 'must be a URL like redis://:password@redis.internal:6379/0 (or rediss:// for TLS)',
  fallback: undefined,
  unset: '(unset: SQLite in DATA_DIR)',
  show(raw) {
    const url = redisUrl(raw)!;
    if (url.password) url.password = '***';
    return url.href;
  },
  mayHoldSecret: true,
};

function redisUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    const database = url.pathname.replace(/^\//, '');
    if ((url.protocol === 'redis:' || url.protocol === 'rediss:') && /^\d*$/.test(database)) {
      return url;
    }
  } catch {}
  return undefined;
}

/** An allowed origin: scheme, host and port, nothing after (a trailing slash is forgiven). */
const ORIGIN: Parser<string> = {
  parse(raw) {
    try {
      const url = new URL(raw);
      if (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.origin === raw.replace(/\/$/, '')
      ) {
        return url.origin;
      }
    } catch {}
    return undefined;
  },
  expected: 'entries must be origins like https://www.example.com',
};
