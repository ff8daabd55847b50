import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How often the worker folds the WAL into the file, ms. */
  intervalMs?: number;
  /** WAL frames (pages) past which commits hold still once, so that the WAL can start over. */
  restartAfterFrames?: number;
  /** A hold never lasts longer than this, whatever the worker does, ms. */
  maxHoldMs?: number;
}

/** Said by the worker: hold commits, the hold is over, or how a checkpoint went (tests). */
type FromWorker =
  | { type: 'hold' }
  | { type: 'release' }
  | { type: 'checkpointed'; frames: number; backfilled: number };

/**
 * The worker: its own connection to the file, a PASSIVE checkpoint every interval
 * (it never blocks the writer), and once the WAL holds more than `restartAfterFrames`
 * frames, a hold: with no commit in between, one more checkpoint backfills every
 * frame, and the writer's next transaction starts the WAL over from its beginning.
 * Plain CommonJS run with `eval`, so it needs no build step of its own.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 1000');
let holding = false;
// Right after a hold, the writer's next commit starts the WAL over; a checkpoint running
// at that moment would make it miss its chance (it needs the WAL's read locks): wait a turn.
let resting = false;
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result.log > 0) parentPort.postMessage({ type: 'checkpointed', frames: result.log, backfilled: result.checkpointed });
    return result;
  } catch {
    // A full disk or a busy file: the next turn tries again; the WAL keeps every commit.
    return undefined;
  }
};
parentPort.on('message', (message) => {
  if (message === 'held') {
    checkpoint();
    holding = false;
    resting = true;
    parentPort.postMessage({ type: 'release' });
  } else if (message === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
const timer = setInterval(() => {
  if (holding) return;
  if (resting) {
    resting = false;
    return;
  }
  const result = checkpoint();
  if (result && result.log >= workerData.restartAfterFrames) {
    holding = true;
    parentPort.postMessage({ type: 'hold' });
  }
}, workerData.intervalMs);
`;

/**
 * Checkpoints off the event loop. SQLite's own checkpoints run inside a commit, on
 * the thread that commits: with better-sqlite3 that is the event loop, and each
 * one copies the WAL into the file and fsyncs it (5–15 ms). The main connection
 * turns them off (`wal_autocheckpoint = 0`) and this worker thread does them, on a
 * connection of its own. Under a steady write load a PASSIVE checkpoint never
 * catches up with the writer, so the WAL would grow without end: past a size, the
 * appends wait (asynchronously: the event loop goes on) for one checkpoint that
 * takes in everything, and the next commit starts the WAL over. Should the worker
 * fail, the main connection checkpoints as SQLite does by default.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #maxHoldMs: number;
  #hold: { released: Promise<void>; release: () => void } | undefined;
  #failed: () => void;
  readonly #listeners = new Set<(message: FromWorker) => void>();

  /** `onFailure` is told when the worker cannot do its job (the caller checkpoints itself). */
  constructor(path: string, onFailure: () => void, options: CheckpointerOptions = {}) {
    this.#maxHoldMs = options.maxHoldMs ?? 200;
    this.#failed = onFailure;
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        path,
        sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
        intervalMs: options.intervalMs ?? 50,
        // 16 MiB of WAL: at 3,000 appends/s, a hold (one checkpoint's fsyncs) about twice a second.
        restartAfterFrames: options.restartAfterFrames ?? 4000,
      },
    });
    this.#worker.unref();
    this.#worker.on('message', (message: FromWorker) => this.#heard(message));
    this.#worker.once('error', () => this.#fail());
    this.#worker.once('exit', () => this.#fail());
  }

  /** Resolves when commits may go on; undefined when they may now. */
  get gate(): Promise<void> | undefined {
    return this.#hold?.released;
  }

  /** Hears each report of the worker (tests watch the WAL with it). */
  onReport(listener: (message: FromWorker) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#failed = () => {};
    this.#release();
    // An unref'd worker would not keep the process alive to hear that it exited.
    this.#worker.ref();
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.postMessage('close');
    await exited;
  }

  #heard(message: FromWorker) {
    for (const listener of this.#listeners) listener(message);
    if (message.type === 'hold') this.#holdCommits();
    else if (message.type === 'release') this.#release();
  }

  #holdCommits() {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const timer = setTimeout(() => this.#release(), this.#maxHoldMs);
    this.#hold = {
      released,
      release: () => {
        clearTimeout(timer);
        release();
      },
    };
    // Commits are synchronous: none is under way while this runs.
    this.#worker.postMessage('held');
  }

  #release() {
    const hold = this.#hold;
    this.#hold = undefined;
    hold?.release();
  }

  #fail() {
    this.#release();
    this.#failed();
    this.#failed = () => {};
  }
}
