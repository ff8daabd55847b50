/**
 * Errors that mean the store cannot write now (disk full, file made read-only,
 * I/O error, locked past the busy timeout), not that the request was wrong:
 * the caller should retry later (8x8 retries a webhook answered 503), and
 * readiness should say so. SQLite reports them by `code`.
 */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PERM)/;

export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && UNAVAILABLE.test(code);
}
