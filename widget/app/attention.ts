import { effect } from '@preact/signals';
import type { LoggedEvent } from '../../protocol/events.js';
import type { ChatView } from './chat-controller.js';

const TITLE_COUNT = /^\(\d+\) /;

/**
 * Unread messages get the visitor's attention: a badge on the launcher, a count
 * in the tab's title and, if the site turned it on, a short sound, played once
 * per browser (by the tab whose stream received the message) and only when no
 * tab has shown the message yet.
 */
export function attention(
  chat: ChatView,
  launcher: HTMLButtonElement,
  /** The launcher's accessible name with this many unread messages. */
  label: (unread: number) => string,
  sound: boolean,
) {
  const { state } = chat;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.setAttribute('aria-hidden', 'true');
  badge.setAttribute('part', 'badge');

  const stopBadge = effect(() => {
    const count = state.unread.value;
    badge.textContent = String(count);
    if (count > 0) launcher.append(badge);
    else badge.remove();
    launcher.setAttribute('aria-label', label(count));
    const title = document.title.replace(TITLE_COUNT, '');
    // Once per browser: only the tab holding the stream counts in its title.
    document.title = count > 0 && state.leading.value ? `(${count}) ${title}` : title;
  });

  // In view: the panel is open and the page is visible. Everything shown then is seen.
  const seen = () => {
    if (state.open.value && document.visibilityState === 'visible') chat.markSeen();
  };
  const stopSeen = effect(() => {
    void state.timeline.value;
    seen();
  });
  document.addEventListener('visibilitychange', seen);

  return {
    /** A live event: the tab that received it from the stream may chime. */
    event(event: LoggedEvent, own: boolean) {
      if (!sound || !own || event.type !== 'message' || event.role === 'visitor') return;
      // Give a tab showing the chat a moment to mark it seen first.
      setTimeout(() => {
        // The sound is its own chunk: only sites with data-sound fetch it.
        if (state.seenId.value < event.id) void import('./chime.js').then(({ chime }) => chime());
      }, 300);
    },
    stop() {
      stopBadge();
      stopSeen();
      document.removeEventListener('visibilitychange', seen);
      badge.remove();
      document.title = document.title.replace(TITLE_COUNT, '');
    },
  };
}
