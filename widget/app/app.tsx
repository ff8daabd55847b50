import { effect } from '@preact/signals';
import { render } from 'preact';
import type { LoaderBridge } from '../loader/bridge.js';
import { createChat } from './chat-controller.js';
import { ChatPanel } from './components/ChatPanel.js';
import { ProxyClient } from './proxy-client.js';
import { savedConversation } from './saved-conversation.js';
import { en } from './strings.js';
import css from './styles.css?inline';

/** Called by the loader once this bundle has arrived. */
export function start(bridge: LoaderBridge): void {
  const { root, launcher, dataset } = bridge;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const strings = en;
  const chat = createChat(new ProxyClient(bridge.proxyUrl), savedConversation(bridge.proxyUrl));
  const { state } = chat;
  chat.resume();

  const setOpen = (open: boolean) => {
    if (state.open.value === open) return;
    state.open.value = open;
    bridge.setOpen(open);
    if (!open) launcher.focus();
  };
  const api = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!state.open.value),
  };
  launcher.addEventListener('click', api.toggle);
  effect(() => {
    launcher.hidden = state.open.value;
  });

  const container = document.createElement('div');
  root.append(container);
  render(
    <ChatPanel
      chat={chat}
      strings={strings}
      title={dataset.title || strings.title}
      subtitle={dataset.subtitle || strings.subtitle}
      onClose={api.close}
    />,
    container,
  );

  bridge.setApi(api);
  for (const [method, args] of bridge.queued.splice(0)) {
    (api as Record<string, (...a: unknown[]) => unknown>)[method]?.(...args);
  }
}
