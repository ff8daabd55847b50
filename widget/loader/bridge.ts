/**
 * What the loader hands the app when it loads it. Types only: the loader and the
 * app are separate bundles and share nothing at run time.
 */
export interface LoaderBridge {
  /** The shadow root both draw into. */
  root: ShadowRoot;
  /** The launcher button, drawn by the loader. */
  launcher: HTMLButtonElement;
  /** The script tag's data-* attributes, unvalidated: the app validates them. */
  dataset: Record<string, string | undefined>;
  /** Base URL of the proxy, already resolved against the script's own URL. */
  proxyUrl: string;
  /** Calls made to window.Parley before the app arrived, in order. */
  queued: [method: string, args: unknown[]][];
  /** The API the app installs as window.Parley's implementation. */
  setApi(api: Record<string, (...args: unknown[]) => unknown>): void;
  /** Tells the loader the panel opened or closed (it updates the launcher). */
  setOpen(open: boolean): void;
}
