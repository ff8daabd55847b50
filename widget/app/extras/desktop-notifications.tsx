import { computed, signal } from '@preact/signals';
import type { LoggedEvent } from '../../../protocol/events.js';
import { adoptSheet } from '../adopt-sheet.js';
import type { ChatView } from '../chat-controller.js';
import { useUi } from '../components/ui.js';
import type { Strings } from '../locales/en.js';
import { plainText } from '../safe-display.js';
import { firstWords } from './first-words.js';

/** A stylesheet of the chunk's own, not a style attribute: a strict CSP refuses those. */
const PROMPT_CSS =
  '.notify-ask{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:6px 12px;font-size:13px}';

/** Where the visitor's "no thanks" is kept, so the prompt does not come back. */
const DECLINED_KEY = 'parley:notifications-declined';

export interface NotificationOptions {
  chat: ChatView;
  strings: () => Strings;
  /** Opens the panel (a click on a notification brings the chat back). */
  openPanel: () => void;
}

/**
 * Opt-in desktop notifications of agent messages while the tab is hidden. The
 * browser's permission is asked only from the prompt in the panel, which shows
 * after the visitor's first message (never on load), and only when they click.
 * A notification shows the agent's name and the first words: see docs/security.md.
 */
export function desktopNotifications({ chat, strings, openPanel }: NotificationOptions) {
  const supported = typeof Notification === 'function';
  const permission = signal(supported ? Notification.permission : 'denied');
  const declined = signal(readDeclined());
  const asking = computed(
    () =>
      permission.value === 'default' &&
      !declined.value &&
      !chat.state.ended.value &&
      chat.state.timeline.value.some((item) => item.kind === 'message' && item.role === 'visitor'),
  );

  const actions = {
    async allow() {
      permission.value = await Notification.requestPermission();
    },
    decline() {
      declined.value = true;
      try {
        localStorage.setItem(DECLINED_KEY, '1');
      } catch {}
    },
  };

  function Prompt() {
    const { strings: words, root } = useUi();
    adoptSheet(root, PROMPT_CSS);
    if (!asking.value) return null;
    return (
      // Styled here, not in styles.css: the first open does not pay for a chunk's looks.
      <div class="notify-ask" part="notify-prompt">
        <span>{words.notifyAsk}</span>
        <button type="button" class="text-button" onClick={actions.allow}>
          {words.notifyOn}
        </button>
        <button type="button" class="text-button" onClick={actions.decline}>
          {words.notifyOff}
        </button>
      </div>
    );
  }

  return {
    Prompt,
    /** A live event: the tab holding the stream (`own`) tells the desktop, once per browser. */
    event(event: LoggedEvent, own: boolean) {
      if (!own || event.type !== 'message' || event.role === 'visitor') return;
      if (document.visibilityState !== 'hidden' || !supported) return;
      if (Notification.permission !== 'granted') return;
      const name = event.authorName ?? chat.state.agent.value?.name ?? strings().agent;
      const shown = new Notification(plainText(name), {
        body: firstWords(plainText(event.text)),
        tag: 'parley',
      });
      shown.onclick = () => {
        window.focus();
        openPanel();
        shown.close();
      };
    },
  };
}

function readDeclined(): boolean {
  try {
    return localStorage.getItem(DECLINED_KEY) === '1';
  } catch {
    return false;
  }
}
