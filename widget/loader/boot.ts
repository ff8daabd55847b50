import type { ParleyApi, ParleyEventName, ParleyEvents } from '../parley.js';
import type { AppApi, AppModule, Call, LoaderBridge } from './bridge.js';
import css from './launcher.css?inline';
import type { WidgetOptions } from './options.js';

type Listener = (detail: unknown) => void;

const METHODS =
  'open close toggle identify setVariables setLocale setDepartment endChat destroy exportData deleteData'.split(
    ' ',
  );

/**
 * Draws the launcher in a shadow root and answers the API, queueing calls until
 * the app is loaded: on the first click, at once when this browser already has
 * a conversation (or the page asked to open). No framework: with the script
 * tag around it, this must stay under 2 KB gzipped.
 */
export function boot(
  options: WidgetOptions,
  /** Option strings the app still has to read (see APP_OPTIONS). */
  raw: Record<string, string | undefined>,
  target: HTMLElement,
  loadApp: () => Promise<AppModule>,
  queued: Call[] = [],
): ParleyApi {
  // No prototype: `listeners.open` is nobody's unless a listener was added (no-prototype.ts).
  const listeners: Record<string, Listener[]> = Object.create(null);
  let api: AppApi | undefined;
  let loading: Promise<void> | undefined;
  let ready = false;

  const host = document.createElement('div');
  host.dataset.parley = '';
  host.className = `${options.position} ${options.theme}`;
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  const varsSheet = new CSSStyleSheet();
  varsSheet.replaceSync(':host{}');
  const vars = (varsSheet.cssRules[0] as CSSStyleRule).style;
  root.adoptedStyleSheets = [sheet, varsSheet];
  const set = (name: string, value?: string | number) =>
    value !== undefined && vars.setProperty(`--parley-${name}`, `${value}`);
  set('accent', options.accent);
  set('offset-x', options.offsetX);
  set('offset-y', options.offsetY);
  set('z', options.zIndex);

  const launcher = document.createElement('button');
  // No type="button": outside any form (a shadow root of its own) a button submits nothing.
  launcher.className = 'launcher';
  launcher.part = 'launcher';
  // ARIA reflection (every current browser) is shorter than setAttribute: loader bytes.
  launcher.ariaExpanded = 'false';
  // English until the app brings the visitor's language (data-launcher-label sets it at once).
  launcher.ariaLabel = options.launcherLabel ?? 'Chat with us';
  root.append(launcher);

  const emit = (event: string, detail?: unknown) => {
    for (const listener of listeners[event] ?? []) {
      try {
        listener(detail);
      } catch (error) {
        console.error(error);
      }
    }
  };
  const bridge: LoaderBridge = {
    root,
    host,
    launcher,
    options,
    raw,
    vars,
    queued,
    setApi: (value) => {
      api = value;
    },
    emit: emit as <E extends ParleyEventName>(event: E, detail: ParleyEvents[E]) => void,
    remove: () => host.remove(),
  };
  const load = () =>
    (loading ??= loadApp().then(
      (app) => app.start(bridge),
      (error: Error) => {
        loading = undefined;
        emit('error', { message: `The chat could not load: ${error.message}` });
      },
    ));

  const parley = {
    on(event: string, listener: Listener) {
      listeners[event] = [...(listeners[event] ?? []), listener];
      if (event === 'ready' && ready) listener(undefined);
    },
    off(event: string, listener: Listener) {
      listeners[event] = listeners[event]?.filter((item) => item !== listener) ?? [];
    },
  } as ParleyApi & Record<string, unknown>;
  for (const method of METHODS) {
    parley[method] = (...args: unknown[]) => {
      if (api)
        return (api as unknown as Record<string, (...a: unknown[]) => void>)[method]!(...args);
      if (method === 'destroy') {
        host.remove();
        return;
      }
      queued.push([method, args]);
      if (method === 'open' || method === 'toggle') void load();
    };
  }
  // Listeners from the snippet's queue attach now; every other call waits for the app.
  for (const [method, args] of queued.splice(0)) {
    (parley[method] as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  launcher.addEventListener('click', () => parley.toggle());
  target.append(host);
  contrastOnAccent(launcher, set);
  try {
    // A conversation in progress (this browser, this proxy): bring it back at once.
    // A teaser to show: the app shows it (teaser.ts), so the loader stays small.
    if (options.open || raw.teaserDelay || localStorage.getItem(`parley:${options.proxy}`))
      void load();
  } catch {}
  ready = true;
  emit('ready');
  return parley;
}

/** Text on the accent colour turns black or white, whichever keeps the contrast above 4.5:1. */
function contrastOnAccent(launcher: HTMLElement, set: (name: string, value: string) => void) {
  const [r = 0, g = 0, b = 0] = (
    getComputedStyle(launcher).backgroundColor.match(/[\d.]+/g) ?? []
  ).map(
    // sRGB to linear light, close enough to the exact curve to pick a side of 0.179.
    (value) => (+value / 255) ** 2.2,
  );
  set('on-accent', 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? '#000' : '#fff');
}
