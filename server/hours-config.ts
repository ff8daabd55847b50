import type { Env, EnvReader, Format, Parser } from './env-reader.js';
import { isTimeZone, parseWeeklyTable, type WeeklyHours } from './hours/weekly-hours.js';

/**
 * The configuration of business hours, the offline form, mail and departments
 * (issue 17), read by config.ts in one block.
 */

export interface ScheduleConfig {
  /** CC_SCHEDULE_ID: the Configuration Manager schedule whose status decides. */
  id: string;
  /** CC_SCHEDULE_URL set: the tenant's cluster (Basic tenant:token); else the api.8x8.com gateway form. */
  clusterUrl?: string;
  /** CC_SCHEDULE_TOKEN: the Data Request Token (cluster form only). */
  token?: string;
  openChoices: string[];
  onError: 'open' | 'closed';
}

export interface MailConfig {
  /** smtp:// or smtps://, may carry user:password: never print it. */
  url: string;
  from: string;
}

export type OfflineDelivery = 'email' | 'queue' | 'off';

export interface Department {
  /** What `data-department` and the JS API name it by. */
  id: string;
  label: string;
  assignment: { type: 'queue' | 'script'; id: string };
}

export interface HoursConfig {
  hours?: WeeklyHours;
  schedule?: ScheduleConfig;
  /** Where offline messages go: the offline queue at 8x8, an email, or nowhere (no form). */
  offlineDelivery: OfflineDelivery;
  /** CC_OFFLINE_QUEUE_ID (delivery `queue`). */
  offlineQueueId?: string;
  /** OFFLINE_EMAIL_TO (delivery `email`): the contact center's email-channel address. */
  offlineEmailTo?: string;
  mail?: MailConfig;
  /** Transcript emails a conversation may ask for (`3/1h`). */
  transcriptEmailLimit: { limit: number; windowMs: number };
  departments: Department[];
}

const EMAIL = /^[^\s@<>(),;:"\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;

/** `mon-fri 09:00-17:00, sat 10:00-14:00`. */
const WEEKLY: Format<WeeklyHours['days'], undefined> = {
  parse: parseWeeklyTable,
  expected:
    'must look like mon-fri 09:00-17:00, sat 10:00-14:00 (days sun..sat, 24-hour times, commas between)',
  fallback: undefined,
  unset: '(unset: always open)',
};

const TIME_ZONE: Format<string> = {
  parse: (raw) => (isTimeZone(raw) ? raw : undefined),
  expected: 'must be an IANA time zone such as Europe/Berlin',
  fallback: 'UTC',
  unset: 'UTC',
};

const DATE: Parser<string> = {
  parse: (raw) =>
    /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : undefined,
  expected: 'entries must be dates like 2026-12-24',
};

const EMAIL_ADDRESS: Format<string, undefined> = {
  parse: (raw) => (EMAIL.test(raw) ? raw : undefined),
  expected: 'must be an email address like chat@example.com',
  fallback: undefined,
  unset: '(unset)',
};

/** smtp(s)://[user:password@]host[:port]; shown with the password masked. */
const SMTP_URL: Format<string, undefined> = {
  parse(raw) {
    try {
      const url = new URL(raw);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname
        ? raw
        : undefined;
    } catch {
      return undefined;
    }
  },
  expected:
    'must be a URL like smtps://user:password@smtp.example.com:465 (or smtp:// for STARTTLS/plain)',
  fallback: undefined,
  unset: '(unset: no email)',
  show(raw) {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.href;
  },
  mayHoldSecret: true,
};

/** `sales:Sales=queue:123; support:Customer support=script:abc`. */
const DEPARTMENTS: Format<Department[]> = {
  parse(raw) {
    const departments: Department[] = [];
    for (const entry of raw
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = /^([a-z0-9-]{1,40}):([^=]{1,80})=(queue|script):([A-Za-z0-9_-]{1,128})$/.exec(
        entry,
      );
      if (!match || departments.some((known) => known.id === match[1])) return undefined;
      departments.push({
        id: match[1]!,
        label: match[2]!.trim(),
        assignment: { type: match[3] as 'queue' | 'script', id: match[4]! },
      });
    }
    return departments;
  },
  expected:
    'must look like sales:Sales=queue:123; support:Customer support=script:abc (id:label=queue|script:8x8 id, ids unique)',
  fallback: [],
  unset: '(none)',
};

const RATE: Format<{ limit: number; windowMs: number }> = {
  parse(raw) {
    const match = /^(\d{1,4})\/(\d{0,3})([mh])$/.exec(raw);
    if (!match || Number(match[1]) < 1) return undefined;
    return {
      limit: Number(match[1]),
      windowMs: Number(match[2] || 1) * (match[3] === 'h' ? 3_600_000 : 60_000),
    };
  },
  expected: 'must look like 3/1h (at most 3 per hour; units m, h)',
  fallback: { limit: 3, windowMs: 3_600_000 },
  unset: '3/1h',
};

export function readHoursConfig(read: EnvReader, env: Env): HoursConfig {
  const { problems } = read;
  const table = read.as('OPENING_HOURS', WEEKLY);
  const timeZone = read.as('OPENING_HOURS_TIME_ZONE', TIME_ZONE);
  const holidays = read.list('OPENING_HOURS_HOLIDAYS', [], DATE);
  const scheduleId = read.string('CC_SCHEDULE_ID');
  const clusterUrl = read.url('CC_SCHEDULE_URL');
  const token = read.secret('CC_SCHEDULE_TOKEN');
  const openChoices = read.list('CC_SCHEDULE_OPEN_CHOICES', []);
  const onError = read.oneOf('CC_SCHEDULE_ON_ERROR', ['open', 'closed'], 'open');
  const smtpUrl = read.as('SMTP_URL', SMTP_URL);
  const from = read.as('SMTP_FROM', EMAIL_ADDRESS);
  const offlineEmailTo = read.as('OFFLINE_EMAIL_TO', EMAIL_ADDRESS);
  const offlineQueueId = read.string('CC_OFFLINE_QUEUE_ID');
  const fallbackDelivery: OfflineDelivery =
    offlineEmailTo && smtpUrl ? 'email' : offlineQueueId ? 'queue' : 'off';
  const offlineDelivery = read.oneOf(
    'OFFLINE_DELIVERY',
    ['email', 'queue', 'off'],
    fallbackDelivery,
  );
  if (clusterUrl && !token)
    problems.push('CC_SCHEDULE_TOKEN (the Data Request Token) is required with CC_SCHEDULE_URL');
  if (clusterUrl && !env.CC_TENANT_ID?.trim())
    problems.push('CC_TENANT_ID (the tenant name) is required with CC_SCHEDULE_URL');
  if (smtpUrl && !from) problems.push('SMTP_FROM is required with SMTP_URL');
  if (offlineDelivery === 'email' && !(smtpUrl && offlineEmailTo))
    problems.push('OFFLINE_DELIVERY=email needs SMTP_URL, SMTP_FROM and OFFLINE_EMAIL_TO');
  if (offlineDelivery === 'queue' && !offlineQueueId)
    problems.push('OFFLINE_DELIVERY=queue needs CC_OFFLINE_QUEUE_ID');
  return {
    ...(table ? { hours: { days: table, timeZone, holidays: new Set(holidays) } } : {}),
    ...(scheduleId
      ? {
          schedule: {
            id: scheduleId,
            ...(clusterUrl ? { clusterUrl } : {}),
            ...(token ? { token } : {}),
            openChoices,
            onError,
          },
        }
      : {}),
    offlineDelivery,
    ...(offlineQueueId ? { offlineQueueId } : {}),
    ...(offlineEmailTo ? { offlineEmailTo } : {}),
    ...(smtpUrl && from ? { mail: { url: smtpUrl, from } } : {}),
    transcriptEmailLimit: read.as('TRANSCRIPT_EMAIL_LIMIT', RATE),
    departments: read.as('DEPARTMENTS', DEPARTMENTS),
  };
}

/** Is this an email address the proxy will write to? (Offline form, transcript.) */
export const isEmailAddress = (text: string) => EMAIL.test(text);
