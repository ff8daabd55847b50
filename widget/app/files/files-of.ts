import { signal } from '@preact/signals';
import type { ReadonlyChatState } from '../chat-state.js';
import { useUi } from '../components/ui.js';
import type { Files } from './files-part.js';

/** Each chat's files part, found from its state: the components get the chat, not the part. */
const parts = new WeakMap<object, Files>();
/** Read by useFiles, so a part drawn before its chat's part existed draws again once it does. */
const added = signal(0);

export function setFilesOf(state: ReadonlyChatState, files: Files) {
  parts.set(state, files);
  added.value++;
}

/** The files part of the panel's chat, once that chat has loaded it. */
export function useFiles(): Files | undefined {
  const state = useUi().chat.state;
  return added.value > 0 ? parts.get(state) : undefined;
}
