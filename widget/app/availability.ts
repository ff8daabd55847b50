import type { ChatState } from './chat-state.js';
import type { ProxyClient } from './proxy-client.js';

/**
 * Whether the contact center takes chats now, and the department a chat goes to
 * (issue 17): a part of the controller, all the first open knows of it. A proxy that
 * cannot say (an older one, a network error) leaves the widget as it was before: open,
 * no departments. Checking the page's choice is departments.ts, a chunk of its own.
 */
export function createAvailability(client: ProxyClient, state: ChatState) {
  return {
    async check() {
      try {
        state.availability.value = await client.availability();
      } catch {
        return;
      }
      // The page chose one before the proxy listed them: is it one of them?
      if (state.department.value) (await import('./departments.js')).keepKnownDepartment(state);
    },
    /** The visitor has a department to pick (the pre-chat form shows the picker). */
    picking: () =>
      Boolean(state.availability.value?.departments.length) && !state.department.value?.forced,
    /** What goes with the new conversation: only a department the proxy listed. */
    chosen(): string | undefined {
      const id = state.department.value?.id;
      return state.availability.value?.departments.some((known) => known.id === id)
        ? id
        : undefined;
    },
  };
}
