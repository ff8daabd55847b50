import { boot } from './boot.js';
import type { AppModule, Call } from './bridge.js';
import { DEFAULTS, LOADER_OPTIONS, readOptions, type WidgetOptions } from './options.js';

/**
 * parley.js, the only script a host page loads up front: reads its own tag's
 * data-* attributes and boots the widget. The app's URL (content-hashed) is
 * written in at build time.
 */

declare const __PARLEY_APP__: string;

const script = document.currentScript as HTMLScriptElement | null;
const queue = window.Parley as { q?: Call[]; loaded?: boolean } | undefined;

if (script && !queue?.loaded) {
  // No prototype: the host page's Object.prototype must not add attributes (no-prototype.ts).
  const raw = Object.assign(Object.create(null), script.dataset);
  const options = readOptions(raw, LOADER_OPTIONS, script.src, {
    proxy: new URL('/', script.src).href,
    ...DEFAULTS,
  }) as WidgetOptions;
  const nonce = options.nonce ?? script.nonce;
  const url = new URL(__PARLEY_APP__, options.proxy).href;
  const loadApp = () => {
    // Fetched with the nonce, so a nonce-only CSP admits it even where import()
    // does not pass the loader's nonce on; import() then takes it from the module map.
    const preload = document.createElement('link');
    preload.rel = 'modulepreload';
    preload.href = url;
    if (nonce) preload.nonce = nonce;
    document.head.append(preload);
    return import(/* @vite-ignore */ url) as Promise<AppModule>;
  };
  const start = () => {
    const api = boot(options, raw, document.body, loadApp, queue?.q ?? []);
    const destroy = api.destroy;
    api.destroy = () => {
      destroy();
      delete window.Parley;
    };
    window.Parley = Object.assign(api, { loaded: true });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}
