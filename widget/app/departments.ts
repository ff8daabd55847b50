import type { ChatState } from './chat-state.js';

/**
 * The department the page chose (data-department, `Parley.setDepartment`): its own
 * chunk, fetched only when a page chooses one. An id that is malformed, or that the
 * proxy does not list, is dropped with a word to the site's developer; the first open
 * only keeps what goes with a new conversation (availability.ts `chosen`).
 */
export function chooseDepartment(state: ChatState, id: unknown, forced: boolean) {
  state.department.value =
    typeof id === 'string' && /^[a-z0-9-]{1,40}$/.test(id) ? { id, forced } : undefined;
  if (id != null && !state.department.value)
    console.warn(`Parley: "${String(id)}" is not a department id; ignored.`);
  keepKnownDepartment(state);
}

/** Once the proxy has listed its departments: one it does not list is forgotten. */
export function keepKnownDepartment(state: ChatState) {
  const wanted = state.department.value;
  const listed = state.availability.value?.departments;
  if (!wanted || !listed || listed.some((known) => known.id === wanted.id)) return;
  console.warn(`Parley: there is no department "${wanted.id}"; ignored.`);
  state.department.value = undefined;
}
