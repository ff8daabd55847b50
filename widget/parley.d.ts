/**
 * Parley's public types: the `window.Parley` API, its events and the options of
 * the script tag (`data-*`) or of `mount()`. The widget's own code is typed
 * against this file, so it cannot drift from what is documented.
 */

/** A pre-chat form field: the visitor details the contact center receives. */
export type PrechatFieldName = 'name' | 'email' | 'phone';

/** What `identify()` accepts: name, email and phone go to the agent as the visitor's details, anything else as a chat variable. */
export interface ParleyVisitor {
  name?: string;
  email?: string;
  phone?: string;
  [variable: string]: string | undefined;
}

/** Options of `mount()`; the script tag takes the same names as `data-*` attributes (`launcherLabel` is `data-launcher-label`). */
export interface ParleyOptions {
  /** URL of the Parley proxy. Default: the script's own origin (the tag), required for mount(). */
  proxy?: string;
  title?: string;
  subtitle?: string;
  /** Any CSS colour; text on it turns dark or light to keep 4.5:1 contrast. */
  accent?: string;
  position?: 'right' | 'left';
  /** CSS lengths from the window's edges. Default 20px. */
  offsetX?: string;
  offsetY?: string;
  theme?: 'auto' | 'light' | 'dark';
  /** `auto` (the browser's languages) or a language tag such as `de` or `ar`. */
  locale?: string;
  launcherLabel?: string;
  /** A first line shown to the visitor before they write (not sent to the agent). */
  greeting?: string;
  /** Pre-chat fields, comma separated, `*` marks a required one: `name*,email`. */
  prechat?: string;
  /** When set, the visitor must tick a checkbox with this text before the chat starts. */
  consent?: string;
  /** Open the panel as soon as the page loads. */
  open?: boolean;
  zIndex?: number;
  /** CSP nonce for the scripts the widget loads. Default: the script tag's own nonce. */
  nonce?: string;
  /** Play a short sound when an agent's message arrives while the chat is not in view. */
  sound?: boolean;
  /** `false` (data-survey="off"): no survey after the chat, even when the proxy offers one. */
  survey?: boolean;
  /** The panel's corner radius, 0 to 40px (px, rem or em). */
  radius?: string;
  /** A font-family list such as `"Inter", system-ui, sans-serif`. */
  font?: string;
  /** Show the greeting beside the launcher this many seconds after the page loads (0–600). */
  teaserDelay?: number;
  /**
   * A department id of the proxy's DEPARTMENTS, preselected in the pre-chat form's picker.
   * An id the proxy does not list is ignored (with a console warning).
   */
  department?: string;
}

export interface ParleyMessage {
  role: 'visitor' | 'agent' | 'bot' | 'system';
  text: string;
  authorName?: string;
  /** ISO 8601 time. */
  at: string;
  attachments: { name: string; kind: 'image' | 'video' | 'audio' | 'file'; url?: string }[];
}

/** Events of `Parley.on(name, listener)` and the value each listener receives. */
export interface ParleyEvents {
  /** The launcher is on the page and the API answers. Listeners added later are called at once. */
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A new message in the conversation (not history reloaded after a page load). */
  message: ParleyMessage;
  /** The number of agent messages the visitor has not seen yet. */
  unread: { count: number };
  queued: { queueName?: string; position?: number };
  agentJoined: { name?: string };
  agentLeft: { name?: string };
  transferred: undefined;
  chatEnded: { by: 'visitor' | 'agent' };
  error: { message: string };
}

export type ParleyEventName = keyof ParleyEvents;
export type ParleyListener<E extends ParleyEventName> = (detail: ParleyEvents[E]) => void;

export interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Visitor details for the next conversation (also fill the pre-chat form). */
  identify(visitor: ParleyVisitor): void;
  /** Chat variables the agent sees; sent when the next conversation starts. */
  setVariables(variables: Record<string, string>): void;
  setLocale(locale: string): void;
  /**
   * The department the next conversation goes to (an id of the proxy's DEPARTMENTS):
   * preselected in the pre-chat form's picker, or with `{ force: true }` chosen for the
   * visitor (no picker). `null` forgets it. An unknown id is ignored with a console warning.
   */
  setDepartment(id: string | null, options?: { force?: boolean }): void;
  /** Ends the conversation in progress, without asking the visitor. */
  endChat(): void;
  /** Removes the widget from the page and stops everything it runs. */
  destroy(): void;
  /**
   * The visitor's conversation as the proxy keeps it (JSON: events, messages, uploads'
   * metadata, rating); undefined when this browser has no conversation.
   */
  exportData(): Promise<object | undefined>;
  /** Deletes the visitor's conversation at the proxy, then forgets it in this browser. */
  deleteData(): Promise<void>;
  on<E extends ParleyEventName>(event: E, listener: ParleyListener<E>): void;
  off<E extends ParleyEventName>(event: E, listener: ParleyListener<E>): void;
}

/** The ES module entry (`parley.mjs`): draws the launcher into `target` (default document.body). */
export declare function mount(options: ParleyOptions & { target?: HTMLElement }): ParleyApi;

declare global {
  interface Window {
    Parley?: ParleyApi & { q?: [method: string, args: unknown[]][] };
  }
}
