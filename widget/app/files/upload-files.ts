import type { Attachment } from '../../../protocol/events.js';
import { bare } from '../../no-prototype.js';
import type { ChatState } from '../chat-state.js';
import { refusalOfAnswer } from './file-rules.js';
import { patchUpload, takeUpload, visitorMessage } from './message-uploads.js';

export type UploadOne = (
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
) => Promise<Attachment>;

/** The uploads going now, by file id: what a cancel aborts. */
const running = new Map<string, AbortController>();

/**
 * Uploads a message's files one at a time (as the outbox runs its messages),
 * each once: one already up keeps its attachment id, so a retry of the message
 * uploads only the rest. A file the visitor cancels is aborted and left out;
 * one the proxy refuses for what it is (its type, its bytes, its size) goes
 * back above the composer with the reason. Any other failure is thrown for the
 * outbox to retry or fail the message. Answers the attachment ids to send, or
 * undefined when the message is gone (nothing left in it to send).
 */
export async function uploadFiles(
  state: ChatState,
  key: string,
  upload: UploadOne,
): Promise<string[] | undefined> {
  for (;;) {
    const next = visitorMessage(state, key)?.uploads?.find((file) => !file.attachmentId);
    if (!next) break;
    const controller = new AbortController();
    running.set(next.id, controller);
    try {
      const attachment = await upload(
        next.file,
        (progress) => patchUpload(state, key, next.id, { progress }),
        controller.signal,
      );
      patchUpload(state, key, next.id, { attachmentId: attachment.id, progress: 1 });
    } catch (error) {
      // Cancelled: cancelUpload took it out of the message already.
      if (controller.signal.aborted) continue;
      const refused = refusalOfAnswer(error);
      if (!refused) throw error;
      const taken = takeUpload(state, key, next.id);
      if (taken) {
        const { progress: _, ...draft } = taken;
        state.drafts.value = [...state.drafts.value, bare({ ...draft, refused })];
      }
    } finally {
      running.delete(next.id);
    }
  }
  const item = visitorMessage(state, key);
  return item?.uploads?.flatMap((file) => (file.attachmentId ? [file.attachmentId] : []));
}

/** The visitor cancelled a file of a message not yet sent: out of it, and its upload stopped. */
export function cancelUpload(state: ChatState, key: string, id: string) {
  if (!takeUpload(state, key, id)) return;
  running.get(id)?.abort();
}
