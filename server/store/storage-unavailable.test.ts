import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { ReplyError } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { installProblemHandlers } from '../http/problem.js';
import { storageUnavailable } from './storage-unavailable.js';

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
  expect(storageUnavailable(readOnlyWriteError())).toBe('SQLITE_READONLY');
  expect(storageUnavailable(Object.assign(new Error('full'), { code: 'SQLITE_FULL' }))).toBe(
    'SQLITE_FULL',
  );
  expect(
    storageUnavailable(new ReplyError("OOM command not allowed when used memory > 'maxmemory'.")),
  ).toBe('OOM');
  expect(
    storageUnavailable(new ReplyError("READONLY You can't write against a read only replica.")),
  ).toBe('READONLY');
  expect(storageUnavailable(new Error('Connection is closed.'))).toBe('REDIS_UNREACHABLE');
  expect(storageUnavailable(new ReplyError('ERR wrong number of arguments'))).toBeUndefined();
  expect(
    storageUnavailable(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' })),
  ).toBeUndefined();
  expect(storageUnavailable(new Error('plain'))).toBeUndefined();
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
