import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from server/ (tsx) or dist/server/. */
export const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the server code');
    dir = parent;
  }
  return dir;
})();

/**
 * True in the module node was asked to run (`node dist/server/main.js`, `tsx
 * server/cli/setup-8x8.ts`), false when another module imports it (the `parley`
 * command): entry points run themselves only then. argv[1] may be a symlink (npm's bin).
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Where `npm run build:widget` puts the widget and the agent console. */
export const widgetDist = join(projectRoot, 'dist', 'widget');
export const consoleDist = join(projectRoot, 'dist', 'console');
