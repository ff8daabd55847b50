import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { installProblemHandlers } from '../http/problem.js';
import { isStorageUnavailable } from './storage-unavailable.js';

/** A store that cannot write is a 503 (retry later) with a clear log line, never a 500. */

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function readOnlyWriteError(): unknown {
  dir = mkdtempSync(join(tmpdir(), 'parley-ro-'));
  const path = join(dir, 'data.db');
  new Database(path).exec('CREATE TABLE t (x)');
  const db = new Database(path, { readonly: true });
  try {
    db.exec('INSERT INTO t VALUES (1)');
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error('the write went through');
}

it('tells a store that cannot write from other errors', () => {
  expect(isStorageUnavailable(readOnlyWriteError())).toBe(true);
  expect(isStorageUnavailable(Object.assign(new Error('full'), { code: 'SQLITE_FULL' }))).toBe(
    true,
  );
  expect(isStorageUnavailable(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBe(
    false,
  );
  expect(isStorageUnavailable(new Error('plain'))).toBe(false);
});

it('answers 503 with retry-after and logs why', async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: { stream: { write: (line: string) => lines.push(line) } } });
  installProblemHandlers(app);
  const error = readOnlyWriteError();
  app.post('/webhooks/8x8', async () => {
    throw error;
  });
  const answer = await app.inject({ method: 'POST', url: '/webhooks/8x8' });
  expect(answer.statusCode).toBe(503);
  expect(answer.headers['retry-after']).toBe('5');
  expect(answer.headers['content-type']).toContain('application/problem+json');
  expect(answer.json()).toMatchObject({ title: 'Storage unavailable' });
  expect(lines.join('')).toMatch(/storage is not writable \(SQLITE_READONLY/);
  await app.close();
});
