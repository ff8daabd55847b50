import { effect } from '@preact/signals';
import type { ChatView } from '../chat-controller.js';

/** Receipts go at most this often: reading a burst of messages is one call. */
const BATCH_MS = 1000;

/**
 * Read receipts: an agent's message is read once the visitor could see it (the
 * panel open, the page visible, its bubble scrolled into view). The highest such
 * event id goes to the proxy, batched; the proxy ignores an id it has had
 * (idempotent), so a retry or another tab's receipt costs nothing. A failed one
 * is repaired by the next.
 */
export function watchReading(chat: ChatView, root: ShadowRoot | Document): () => void {
  const { state } = chat;
  const inView = new Set<Element>();
  let highest = 0;
  let told = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const id = highest;
    if (id <= told) return;
    chat.read(id).then(
      () => {
        told = Math.max(told, id);
      },
      () => {},
    );
  };
  const consider = () => {
    if (!state.open.value || document.visibilityState !== 'visible') return;
    for (const bubble of inView) {
      highest = Math.max(highest, Number((bubble as HTMLElement).dataset.eventId) || 0);
    }
    if (highest > told) timer ??= setTimeout(flush, BATCH_MS);
  };

  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) inView.add(entry.target);
      else inView.delete(entry.target);
    }
    consider();
  });
  // Observing a bubble twice is a no-op: every render just offers them all again.
  const offer = () => {
    for (const bubble of root.querySelectorAll('[data-event-id]')) seen.observe(bubble);
  };
  const rendered = new MutationObserver(offer);
  rendered.observe(root, { childList: true, subtree: true });
  offer();
  const stopOpen = effect(() => {
    void state.open.value;
    consider();
  });
  document.addEventListener('visibilitychange', consider);

  return () => {
    clearTimeout(timer);
    seen.disconnect();
    rendered.disconnect();
    stopOpen();
    document.removeEventListener('visibilitychange', consider);
  };
}
