import { bare } from '../../no-prototype.js';
import { updateMessage } from '../apply-event.js';
import type { ChatState, MessageItem, Upload } from '../chat-state.js';

/**
 * The files of one of the visitor's messages, as state: how far each is, and
 * taking one out (cancelled, or refused by the proxy). A message left with no
 * text and no files leaves the timeline: there is nothing to send.
 */

export const visitorMessage = (state: ChatState, key: string) =>
  state.timeline.value.find(
    (item): item is MessageItem => item.kind === 'message' && item.key === key,
  );

export function patchUpload(state: ChatState, key: string, id: string, patch: Partial<Upload>) {
  const uploads = visitorMessage(state, key)?.uploads;
  if (!uploads) return;
  updateMessage(state, key, {
    uploads: uploads.map((upload) => (upload.id === id ? bare({ ...upload, ...patch }) : upload)),
  });
}

/** Takes a file out of its message; answers it, or undefined when it was not there. */
export function takeUpload(state: ChatState, key: string, id: string): Upload | undefined {
  const item = visitorMessage(state, key);
  const taken = item?.uploads?.find((upload) => upload.id === id);
  if (!item || !taken) return undefined;
  const uploads = item.uploads!.filter((upload) => upload !== taken);
  if (!item.text && uploads.length === 0) {
    state.timeline.value = state.timeline.value.filter((other) => other !== item);
  } else updateMessage(state, key, { uploads });
  return taken;
}
