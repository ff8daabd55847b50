// First: Preact's hooks object loses its prototype before preact/hooks and signals chain to it.
import './preact-options.js';
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import type { AppApi, LoaderBridge } from '../loader/bridge.js';
import { APP_DEFAULTS, APP_OPTIONS, readOptions, type WidgetOptions } from '../loader/options.js';
import { type Locale, pickLocale } from '../locales.js';
import type { ParleyVisitor } from '../parley.js';
import { attention } from './attention.js';
import { createChat } from './chat-controller.js';
import { ChatPanel } from './components/ChatPanel.js';
import type { startExtras } from './extras/conversation-extras.js';
import { loadStrings } from './i18n.js';
import { ProxyClient } from './proxy-client.js';
import { publishEvent } from './public-events.js';
import { savedConversation } from './saved-conversation.js';
import css from './styles.css?inline';

const VISITOR_FIELDS = ['name', 'email', 'phone'] as const;

/** Called by the loader once this bundle has arrived. */
export async function start(bridge: LoaderBridge): Promise<void> {
  const { root, launcher } = bridge;
  const options = readOptions(bridge.raw, APP_OPTIONS, '', {
    ...APP_DEFAULTS,
    ...bridge.options,
  }) as WidgetOptions;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const locale = signal<Locale>(
    pickLocale(options.locale ? [options.locale] : navigator.languages),
  );
  const strings = signal(await loadStrings(locale.value));
  const chat = createChat({
    client: new ProxyClient(options.proxy),
    saved: savedConversation(options.proxy),
    prechat: options.prechat.length > 0 || options.consent !== undefined,
    locale: () => locale.value,
    onLive: (event, own) => {
      publishEvent(event, bridge.emit);
      notifier.event(event, own);
      void extras?.then((loaded) => loaded.event(event, own));
    },
    onError: (message, during) => {
      if (during === 'start') chat.showError(strings.value.startFailed);
      bridge.emit('error', { message });
    },
  });
  const { state } = chat;
  // data-department: preselected in the picker (dropped, with a warning, if the proxy lists no such one).
  if (options.department) void chat.setDepartment(options.department);
  const notifier = attention(
    chat,
    launcher,
    (count) => {
      const label = options.launcherLabel ?? strings.value.title;
      return count > 0 ? `${label}. ${strings.value.unread(count)}` : label;
    },
    options.sound,
  );

  // Theme "auto" follows the system's dark mode, live.
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const followTheme = () => {
    const isDark = options.theme === 'dark' || (options.theme === 'auto' && dark.matches);
    bridge.host.classList.toggle('dark', isDark);
    void import('./theme/apply-theme.js').then(({ applyTheme }) =>
      applyTheme(bridge, isDark ? 'dark' : 'light'),
    );
  };
  followTheme();
  dark.addEventListener('change', followTheme);

  const online = () => chat.setOnline(navigator.onLine);
  online();
  addEventListener('online', online);
  addEventListener('offline', online);

  // Phones: the panel fills the visual viewport, so the on-screen keyboard never covers the composer.
  const viewport = window.visualViewport;
  const fitViewport = () => {
    if (!viewport) return;
    bridge.vars.setProperty('--parley-viewport-height', `${viewport.height}px`);
    bridge.vars.setProperty('--parley-viewport-top', `${viewport.offsetTop}px`);
  };
  fitViewport();
  viewport?.addEventListener('resize', fitViewport);
  viewport?.addEventListener('scroll', fitViewport);

  const setOpen = (open: boolean) => {
    if (state.open.value === open) return;
    if (open) teaser?.stop();
    chat.setOpen(open);
    launcher.setAttribute('aria-expanded', String(open));
    launcher.hidden = open;
    bridge.emit(open ? 'open' : 'close', undefined);
    if (!open) {
      launcher.focus();
      // An ended conversation is forgotten once the visitor closes it: the next visit starts fresh.
      if (state.ended.value) chat.newChat();
    }
  };
  // The greeting beside the launcher (data-teaser-delay): its own chunk, fetched only when wanted.
  let teaser: { stop(): void } | undefined;
  if (options.greeting !== undefined && bridge.raw.teaserDelay !== undefined) {
    void import('./teaser.js').then(({ scheduleTeaser }) => {
      teaser = scheduleTeaser({ bridge, options, chat, strings, open: () => setOpen(true) });
    });
  }

  const stopUnread = effect(() => bridge.emit('unread', { count: state.unread.value }));
  // Read receipts and notifications: a chunk, once there is a conversation to speak of.
  let extras: Promise<ReturnType<typeof startExtras>> | undefined;
  const stopExtras = effect(() => {
    if (extras || !state.timeline.value.length) return;
    extras = import('./extras/conversation-extras.js').then((loaded) =>
      loaded.startExtras({
        chat,
        root,
        strings: () => strings.value,
        openPanel: () => setOpen(true),
        notifications: options.notifications,
      }),
    );
  });

  const container = document.createElement('div');
  root.append(container);
  const draw = () =>
    render(
      <ChatPanel
        ui={{
          chat,
          strings: strings.value,
          locale: locale.value,
          options,
          title: options.title ?? strings.value.title,
          onClose: () => setOpen(false),
          root,
        }}
      />,
      container,
    );
  const stopDraw = effect(draw);

  const api: AppApi = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!state.open.value),
    identify(visitor: ParleyVisitor) {
      for (const [key, value] of Object.entries(visitor ?? {})) {
        if (typeof value !== 'string') continue;
        if ((VISITOR_FIELDS as readonly string[]).includes(key)) {
          chat.visitor[key as (typeof VISITOR_FIELDS)[number]] = value;
        } else chat.variables[key] = value;
      }
    },
    setVariables(variables: Record<string, string>) {
      for (const [key, value] of Object.entries(variables ?? {})) {
        if (typeof value === 'string') chat.variables[key] = value;
      }
    },
    async setLocale(wanted: string) {
      const next = pickLocale([String(wanted)]);
      strings.value = await loadStrings(next);
      locale.value = next;
    },
    setDepartment: (id, how) => void chat.setDepartment(id, how?.force === true),
    endChat: () => void chat.endChat(),
    exportData: () => chat.exportData(),
    deleteData: () => chat.deleteData(),
    destroy() {
      teaser?.stop();
      chat.stop();
      notifier.stop();
      stopDraw();
      stopUnread();
      stopExtras();
      void extras?.then((loaded) => loaded.stop());
      removeEventListener('online', online);
      removeEventListener('offline', online);
      dark.removeEventListener('change', followTheme);
      viewport?.removeEventListener('resize', fitViewport);
      viewport?.removeEventListener('scroll', fitViewport);
      render(null, container);
      bridge.remove();
    },
  };
  bridge.setApi(api);
  // data-open="true": open at once; what the page asked meanwhile comes after.
  if (options.open) setOpen(true);
  for (const [method, args] of bridge.queued.splice(0)) {
    (api as unknown as Record<string, (...a: unknown[]) => void>)[method]?.(...args);
  }
}
