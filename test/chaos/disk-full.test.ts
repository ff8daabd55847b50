import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { closeAfterEach } from '../support/cleanup.js';
import { storageOutage } from './storage-outage.js';

/**
 * The SQLite store on a real, small filesystem (a tmpfs mounted for the test,
 * which needs root or passwordless sudo) that fills up to the last byte, then
 * is given room again. (Making the file read-only instead would prove nothing:
 * the proxy's open file handle keeps writing.)
 */

const closing = closeAfterEach();

/** As root, or through passwordless sudo (as .ci/run installs packages). */
function asRoot(command: string, args: string[]) {
  if (process.getuid?.() === 0) execFileSync(command, args);
  else execFileSync('sudo', ['-n', command, ...args]);
}

function mountSmallFilesystem(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-disk-'));
  const owner = `uid=${process.getuid?.() ?? 0},gid=${process.getgid?.() ?? 0}`;
  asRoot('mount', ['-t', 'tmpfs', '-o', `size=4m,${owner}`, 'tmpfs', dir]);
  closing.push(async () => {
    asRoot('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills the filesystem with one file until ENOSPC; removing the file frees it all. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  writeFileSync(filler, '');
  for (const size of [64 * 1024, 512]) {
    for (;;) {
      try {
        writeFileSync(filler, Buffer.alloc(size, 1), { flag: 'a' });
      } catch {
        break;
      }
    }
  }
  return filler;
}

it('answers webhooks 503 and is not ready while the disk is full, then catches up', async () => {
  const dataDir = mountSmallFilesystem();
  await storageOutage({
    scenario: 'disk full (a 4 MB tmpfs filled up)',
    env: { DATA_DIR: dataDir },
    logLine: /storage[^"]*not writable[^"]*disk is full/i,
    closing,
    async exhaust() {
      const filler = fill(dataDir);
      return { undo: async () => rmSync(filler) };
    },
  });
}, 90_000);
