import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { LoggedEvent, ParleyEvent } from '../../../protocol/events.js';
import { APP_DEFAULTS, DEFAULTS, type WidgetOptions } from '../../loader/options.js';
import type { Locale } from '../../locales.js';
import { applyEvent } from '../apply-event.js';
import { createChat } from '../chat-controller.js';
import { loadStrings } from '../i18n.js';
import type { ProxyClient } from '../proxy-client.js';
import type { SavedConversation } from '../saved-conversation.js';
import { ChatPanel } from './ChatPanel.js';

/** Storage that forgets: component tests need no browser storage. */
const memory = (): SavedConversation => ({
  load: () => undefined,
  save: () => {},
  clear: () => {},
  watch: () => () => {},
});

/**
 * The panel over a real chat state whose actions are spies: the components are
 * tested for what they show and what they ask for, not for the network.
 */
export async function renderPanel(options: Partial<WidgetOptions> = {}, locale: Locale = 'en') {
  const all = {
    proxy: 'http://proxy.test/',
    ...DEFAULTS,
    ...APP_DEFAULTS,
    ...options,
  } as WidgetOptions;
  const chat = createChat({
    client: { proxyUrl: all.proxy } as ProxyClient,
    saved: memory(),
    prechat: all.prechat.length > 0 || all.consent !== undefined,
    locale: () => locale,
  });
  for (const action of [
    'send',
    'retry',
    'quickReply',
    'submitCard',
    'typing',
    'endChat',
    'newChat',
    'rate',
  ] as const) {
    chat[action] = vi.fn() as never;
  }
  chat.state.open.value = true;
  const onClose = vi.fn();
  const strings = await loadStrings(locale);
  const view = render(
    <ChatPanel
      ui={{ chat, strings, locale, options: all, title: 'Support', onClose, root: undefined }}
    />,
  );
  let id = 0;
  /** Feeds events as the stream would. */
  const feed = (...events: ParleyEvent[]) => {
    for (const event of events) {
      applyEvent(chat.state, { ...event, id: ++id, at: new Date().toISOString() } as LoggedEvent);
    }
  };
  return { ...view, chat, state: chat.state, onClose, feed };
}
