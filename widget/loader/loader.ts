import type { LoaderBridge } from './bridge.js';
import css from './launcher.css?inline';

/**
 * The loader: the only script a host page loads up front. It draws the launcher
 * in a shadow root, installs window.Parley (queueing calls), and loads the app
 * on the first click, or at once when this browser already has a conversation.
 * No framework: it must stay under 2 KB gzipped.
 */

declare const __PARLEY_APP__: string;

type Call = [method: string, args: unknown[]];
type ParleyGlobal = { q?: Call[]; [method: string]: unknown };

const METHODS = 'open close toggle identify setVariables setLocale endChat destroy on off'.split(
  ' ',
);
const win = window as unknown as { Parley?: ParleyGlobal };
const script = document.currentScript as HTMLScriptElement | null;

if (script && !win.Parley?.loaded) boot(script);

function boot(script: HTMLScriptElement) {
  const dataset = { ...script.dataset };
  const proxyUrl = new URL(dataset.proxy || '/', script.src).href.replace(/\/?$/, '/');
  const queued: Call[] = win.Parley?.q ?? [];
  let api: Record<string, (...args: unknown[]) => unknown> | undefined;
  let loading: Promise<unknown> | undefined;

  const host = document.createElement('div');
  host.setAttribute('data-parley', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('part', 'launcher');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-label', dataset.launcherLabel || 'Chat with us');
  launcher.append(chatIcon());
  if (dataset.position === 'left') host.classList.add('left');
  root.append(launcher);

  const load = () =>
    (loading ??= import(/* @vite-ignore */ new URL(__PARLEY_APP__, proxyUrl).href).then(
      (app: { start(bridge: LoaderBridge): void }) => app.start(bridge),
    ));
  const bridge: LoaderBridge = {
    root,
    launcher,
    dataset,
    proxyUrl,
    queued,
    setApi: (value) => {
      api = value;
    },
    setOpen: (open) => launcher.setAttribute('aria-expanded', String(open)),
  };

  // Until the app is here, calls wait in the queue; open/toggle also fetch it.
  const parley: ParleyGlobal = { loaded: true };
  for (const method of METHODS) {
    parley[method] = (...args: unknown[]) => {
      if (api) return api[method]?.(...args);
      queued.push([method, args]);
      if (method === 'open' || method === 'toggle') void load();
    };
  }
  win.Parley = parley;

  launcher.addEventListener('click', () => {
    if (!api) {
      queued.push(['toggle', []]);
      void load();
    }
  });
  document.body.append(host);
  // A conversation in progress (this browser, this proxy): bring it back at once.
  try {
    if (localStorage.getItem(`parley:${proxyUrl}`)) void load();
  } catch {}
}

/** Built node by node: no innerHTML, so pages enforcing Trusted Types accept it. */
function chatIcon(): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const path = document.createElementNS(ns, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  path.setAttribute('d', 'M4 4h16v12H7l-3 3z');
  svg.append(path);
  return svg;
}
