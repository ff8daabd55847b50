import type { ChatState } from './chat-state.js';
import type { ProxyClient } from './proxy-client.js';

/**
 * Whether the contact center takes chats now, and the department a chat goes to
 * (issue 17): a part of the controller. A proxy that cannot say (an older one, a
 * network error) leaves the widget as it was before: open, no departments.
 */
export function createAvailability(client: ProxyClient, state: ChatState) {
  /** A department the proxy does not list is dropped, with a word to the site's developer. */
  const keepKnown = () => {
    const wanted = state.department.value;
    const listed = state.availability.value?.departments;
    if (!wanted || !listed || listed.some((known) => known.id === wanted.id)) return;
    console.warn(`Parley: there is no department "${wanted.id}"; ignored.`);
    state.department.value = undefined;
  };

  return {
    async check() {
      try {
        state.availability.value = await client.availability();
        keepKnown();
      } catch {}
    },
    /** The page's choice (data-department, setDepartment) or the visitor's (the picker). */
    choose(id: unknown, forced: boolean) {
      state.department.value =
        typeof id === 'string' && /^[a-z0-9-]{1,40}$/.test(id) ? { id, forced } : undefined;
      if (id != null && !state.department.value)
        console.warn(`Parley: "${String(id)}" is not a department id; ignored.`);
      keepKnown();
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
