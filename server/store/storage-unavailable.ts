/**
 * Errors that mean the store cannot write now, not that the request was wrong:
 * the caller should retry later (8x8 retries a webhook answered 503), and
 * readiness should say so. Answers a short reason for the log line, or
 * undefined for any other error.
 *
 * - SQLite (by `code`): disk full, file read-only, I/O error, locked past the busy timeout.
 * - Redis (ioredis `ReplyError` by its first word): out of memory with noeviction, a
 *   read-only replica, a failed background save (MISCONF), still loading; and the
 *   client giving up on a lost connection.
 */
const SQLITE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PERM)/;
const REDIS_REPLY = /^(OOM|READONLY|MISCONF|LOADING|NOREPLICAS|MASTERDOWN)\b/;
const REDIS_CONNECTION =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit)/;

export function storageUnavailable(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SQLITE.test(code)) return code;
  if (error.name === 'ReplyError') return REDIS_REPLY.exec(error.message)?.[1];
  if (REDIS_CONNECTION.test(error.message)) return 'REDIS_UNREACHABLE';
  return undefined;
}
