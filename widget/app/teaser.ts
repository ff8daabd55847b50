import type { Signal } from '@preact/signals';
import type { LoaderBridge } from '../loader/bridge.js';
import { readOptions, type WidgetOptions } from '../loader/options.js';
import { adoptSheet } from './adopt-sheet.js';
import type { ChatView } from './chat-controller.js';
import type { Strings } from './locales/en.js';
import css from './teaser.css?inline';
import { seconds } from './theme/owner-options.js';

/**
 * The greeting as a bubble beside the launcher (data-greeting with
 * data-teaser-delay). Its own chunk: most visits never show it. It is a polite
 * live region and never takes focus. Dismissed (its ×) or followed (the chat
 * opened), it stays away in this browser.
 */
export function scheduleTeaser(context: {
  bridge: LoaderBridge;
  options: WidgetOptions;
  chat: ChatView;
  strings: Signal<Strings>;
  open(): void;
}): { stop(): void } {
  const { bridge, options, chat } = context;
  const { root } = bridge;
  // Read here, not by the app: only this chunk needs it (a wrong value warns and shows no teaser).
  const { teaserDelay } = readOptions(bridge.raw, [['teaserDelay', seconds]]) as {
    teaserDelay?: number;
  };
  const key = `parley:teaser-dismissed:${options.proxy}`;
  let region: HTMLElement | undefined;
  const stop = () => {
    clearTimeout(timer);
    if (region) remember(key);
    region?.remove();
    region = undefined;
  };
  const show = () => {
    if (chat.state.open.value || chat.state.conversation.value !== 'none') return;
    region = teaserRegion(root, options.greeting ?? '', context.strings.value, {
      open: context.open,
      dismiss: stop,
    });
  };
  // The delay counts from the page's load, not from this chunk's arrival.
  const wait = Math.max(0, (teaserDelay ?? 0) * 1000 - performance.now());
  const timer = teaserDelay === undefined || dismissed(key) ? undefined : setTimeout(show, wait);
  return { stop };
}

function teaserRegion(
  root: ShadowRoot,
  text: string,
  strings: Strings,
  actions: { open(): void; dismiss(): void },
): HTMLElement {
  adoptSheet(root, css);
  const region = document.createElement('div');
  region.className = 'teaser';
  region.setAttribute('part', 'teaser');
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  root.append(region);

  const open = button('teaser-text', actions.open);
  open.textContent = text;
  const dismiss = button('teaser-dismiss', actions.dismiss);
  dismiss.ariaLabel = strings.dismiss;
  dismiss.title = strings.dismiss;
  dismiss.textContent = '×';
  // Filled a moment after the empty region is in the page: screen readers announce a change.
  setTimeout(() => region.isConnected && region.append(open, dismiss), 100);
  return region;
}

function button(className: string, onClick: () => void) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.addEventListener('click', onClick);
  return element;
}

function dismissed(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function remember(key: string) {
  try {
    localStorage.setItem(key, '1');
  } catch {}
}
