import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that signs conversation tokens. Without TOKEN_SECRET one is made once
 * and kept in the data directory, so a restart does not log every visitor out.
 * Several instances must share TOKEN_SECRET instead.
 */
export function loadOrCreateTokenSecret(dataDir: string): string {
  const path = join(dataDir, 'token-secret');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {}
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
