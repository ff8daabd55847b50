import type { LoggedEvent } from '../../protocol/events.js';
import type { Bus } from './store.js';

type Listener = (event: LoggedEvent) => void;

/** The bus of a single proxy instance: every subscriber lives in this process. */
export class LocalBus implements Bus {
  readonly #listeners = new Map<string, Set<Listener>>();

  publish(conversationId: string, event: LoggedEvent): void {
    const listeners = this.#listeners.get(conversationId);
    if (!listeners) return;
    for (const listener of listeners) listener(event);
  }

  subscribe(conversationId: string, listener: Listener): () => void {
    let listeners = this.#listeners.get(conversationId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(conversationId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(conversationId);
    };
  }
}
