import { afterEach } from 'vitest';

/**
 * A list of closers run (newest first) after each test of the file, whether it
 * passed or not: push what a test starts, in the order it starts them.
 */
export function closeAfterEach(): (() => Promise<unknown>)[] {
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close().catch(() => {});
  });
  return closing;
}
