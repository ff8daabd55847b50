import type { CardSubmit } from '../../protocol/events.js';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { bare } from '../no-prototype.js';
import { updateMessage } from './apply-event.js';
import type { ChatState, Draft, MessageItem } from './chat-state.js';
import { newClientMessageId } from './client-message-id.js';
import { createOutbox } from './outbox.js';
import type { ProxyClient } from './proxy-client.js';

export interface SendingOptions {
  client: ProxyClient;
  state: ChatState;
  /** The conversation's credentials, starting it if there is none yet. */
  conversation: () => Promise<ConversationCredentials>;
  /** The outbox gave the message up. */
  onFail: (reason: string) => void;
}

/**
 * The visitor's messages: shown at once as pending, then sent in order through
 * the outbox, its files uploaded first (once each: a retry reuses the uploads).
 */
export function createSending({ client, state, conversation, onFail }: SendingOptions) {
  const outbox = createOutbox();

  const message = (key: string) =>
    state.timeline.value.find((item): item is MessageItem => item.key === key);

  async function deliver(key: string) {
    const current = await conversation();
    const item = message(key);
    if (!item) return;
    let attachmentIds: string[] | undefined;
    if (item.uploads) {
      // The files chunk: it is loaded, as only it makes uploads.
      const { uploadFiles } = await import('./files/files.js');
      attachmentIds = await uploadFiles(state, key, (file, onProgress, signal) =>
        client.upload(current, file, onProgress, signal),
      );
      // Every file was cancelled or refused, and there is no text: nothing to send.
      if (!attachmentIds) return;
    }
    const result = await client.sendMessage(current, {
      clientMessageId: key,
      ...(item.text ? { text: item.text } : {}),
      ...(attachmentIds?.length ? { attachmentIds } : {}),
      ...(item.quickReplyPayload && item.text ? { quickReplyPayload: item.quickReplyPayload } : {}),
      ...(item.cardSubmit && item.text ? { cardSubmit: item.cardSubmit } : {}),
    });
    // 'pending' means the proxy's own outbox has it; its status events will follow.
    if (result.status !== 'pending') {
      updateMessage(state, key, {
        status: result.status,
        ...(result.reason ? { reason: result.reason } : {}),
      });
    }
  }

  const enqueue = (key: string) =>
    outbox.add({
      key,
      run: () => deliver(key),
      fail: (reason) => {
        updateMessage(state, key, { status: 'failed', reason });
        onFail(reason);
      },
    });

  return {
    /**
     * `quickReplyPayload`: the visitor chose a quick reply whose title is `text`;
     * `cardSubmit`: the visitor answered a card, `text` says what they chose.
     */
    send(text: string, files: Draft[] = [], quickReplyPayload?: string, cardSubmit?: CardSubmit) {
      const trimmed = text.trim();
      if (!trimmed && !files.length) return;
      const key = newClientMessageId();
      state.error.value = undefined;
      state.timeline.value = [
        ...state.timeline.value,
        bare({
          kind: 'message' as const,
          key,
          role: 'visitor',
          text: trimmed,
          at: new Date().toISOString(),
          attachments: [],
          status: 'pending',
          ...(quickReplyPayload ? { quickReplyPayload } : {}),
          ...(cardSubmit ? { cardSubmit } : {}),
          ...(files.length
            ? { uploads: files.map((draft) => bare({ ...draft, progress: 0 })) }
            : {}),
        }),
      ];
      enqueue(key);
    },
    /** Sends a failed message again, with the same client message id. */
    retry(key: string) {
      if (outbox.has(key)) return;
      updateMessage(state, key, { status: 'pending' });
      enqueue(key);
    },
    stop: () => outbox.stop(),
  };
}
