import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer.js';

/**
 * The checkpointer under a writer that never stops: the main connection does no
 * checkpoint of its own, the worker does them all, and the WAL stays bounded
 * because it starts over again and again, instead of growing with every commit.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openWriter() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'data.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const write = db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)');
  return { db, path, write: (k: number) => write.run(k, `${k}`.padEnd(600, 'x')) };
}

const COMMITS = 6000;
const RESTART_AFTER = 300;
/** Frames a commit adds here: a 600-byte row at a random key (measured: about 2). */
const FRAMES_PER_COMMIT = 1;

it('keeps the WAL bounded under a steady write load, the writer never checkpointing', async () => {
  const { db, path, write } = openWriter();
  let failed = false;
  const checkpointer = new Checkpointer(path, () => (failed = true), {
    intervalMs: 10,
    restartAfterFrames: RESTART_AFTER,
  });
  const reported: number[] = [];
  checkpointer.onReport((report) => {
    if (report.type === 'checkpointed') reported.push(report.frames);
  });
  // About a thousand commits a second, as a thousand webhooks a second make.
  for (let n = 0; n < COMMITS; n++) {
    await checkpointer.gate;
    write((n * 7919) % 20_000);
    if (n % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await checkpointer.close();
  const walFrames = statSync(`${path}-wal`).size / (4096 + 24);
  const restarts = reported.filter((frames, i) => i > 0 && frames < reported[i - 1]!).length;
  db.close();

  expect(failed).toBe(false);
  // Without restarts it would hold every frame written. With them, what is written while
  // one checkpoint runs (a slow fsync on a busy disk): far less.
  expect(walFrames).toBeLessThan((COMMITS * FRAMES_PER_COMMIT) / 2);
  expect(restarts).toBeGreaterThanOrEqual(3);
});

it('without holds, a passive checkpointer cannot keep up with a busy writer: the WAL grows', async () => {
  const { db, path, write } = openWriter();
  const checkpointer = new Checkpointer(path, () => {}, {
    intervalMs: 10,
    // Never asks for a hold: what the WAL does under PASSIVE checkpoints alone.
    restartAfterFrames: Number.MAX_SAFE_INTEGER,
  });
  for (let n = 0; n < COMMITS; n++) {
    write((n * 7919) % 20_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await checkpointer.close();
  const walFrames = statSync(`${path}-wal`).size / (4096 + 24);
  db.close();
  expect(walFrames).toBeGreaterThan(COMMITS * FRAMES_PER_COMMIT);
});

it('tells its owner when the worker stops, so that the owner checkpoints again', async () => {
  const { db, path } = openWriter();
  db.close();
  rmSync(path);
  let failed = false;
  const checkpointer = new Checkpointer(`${path}/not-a-file`, () => (failed = true));
  await new Promise<void>((resolve) => {
    const wait = () => (failed ? resolve() : setTimeout(wait, 10));
    wait();
  });
  expect(failed).toBe(true);
  expect(checkpointer.gate).toBeUndefined();
});
