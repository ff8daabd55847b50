import { spawn } from 'node:child_process';
import { build, type Rolldown } from 'vite';

/**
 * `npm run dev`: the demo with everything rebuilt on change. The app and the agent
 * console rebuild in watch mode; each app rebuild also rebuilds the loader (it
 * embeds the app's hashed file name); the server restarts under `tsx watch`.
 * Reload the page to see widget changes.
 */
const watch = async (mode: string, onEnd?: () => Promise<unknown>) => {
  const watcher = (await build({
    mode,
    build: { watch: {} },
    logLevel: 'warn',
  })) as Rolldown.RolldownWatcher;
  watcher.on('event', (event) => {
    if (event.code === 'BUNDLE_END') void onEnd?.();
    if (event.code === 'ERROR') console.error(event.error);
  });
};

await watch('app', () => build({ mode: 'loader', logLevel: 'warn' }));
await watch('console');
spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], { stdio: 'inherit' });
