import type { ParleyApi, ParleyEventName, ParleyEvents } from '../parley.js';
import type { WidgetOptions } from './options.js';

export type Call = [method: string, args: unknown[]];

/** What the app implements; `on`/`off` stay in the loader, which owns the listeners. */
export type AppApi = Omit<ParleyApi, 'on' | 'off'>;

/**
 * What the loader hands the app when it loads it. Types only: the loader and the
 * app are separate bundles and share nothing at run time.
 */
export interface LoaderBridge {
  /** The shadow root both draw into. */
  root: ShadowRoot;
  /** The element on the host page that carries the shadow root. */
  host: HTMLElement;
  /** The launcher button, drawn by the loader. */
  launcher: HTMLButtonElement;
  /** Validated options. `options.proxy` is the proxy's base URL, ending in a slash. */
  options: WidgetOptions;
  /** Option strings the app reads itself (APP_OPTIONS), so the loader stays small. */
  raw: Record<string, string | undefined>;
  /** A rule on :host in an adopted stylesheet, for values set at run time (CSSOM, never style=""). */
  vars: CSSStyleDeclaration;
  /** Calls made to the API before the app arrived, in order. */
  queued: Call[];
  /** The API the app implements. */
  setApi(api: AppApi): void;
  /** Tells the page's listeners (Parley.on). */
  emit<E extends ParleyEventName>(event: E, detail: ParleyEvents[E]): void;
  /** Removes the widget from the page (after the app stopped its own work). */
  remove(): void;
}

export interface AppModule {
  start(bridge: LoaderBridge): void;
}
