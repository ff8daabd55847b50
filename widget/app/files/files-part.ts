import { batch, computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import type { MAX_ATTACHMENTS_PER_MESSAGE } from '../../../protocol/limits.js';
import type { AttachmentLimits } from '../../../protocol/widget-api.js';
import { bare } from '../../no-prototype.js';
import type { ChatState, Draft, MessageItem, TimelineItem } from '../chat-state.js';
import { askAttachmentLimits, readAttachmentLimits } from './attachment-limits.js';
import { refusalOf } from './file-rules.js';
import { cancelUpload } from './upload-files.js';

/** Files one message sends; more go as further messages. Typed as the proxy's own. */
const PER_MESSAGE: typeof MAX_ATTACHMENTS_PER_MESSAGE = 10;

export interface FilesOptions {
  state: ChatState;
  /** The proxy's URL, to ask its limits before there is a conversation. */
  proxy: string;
  /** The sending part's send: a message with these files. */
  send: (text: string, files: Draft[]) => void;
}

/** What the tray shows; read-only, as all state is to components. */
export interface FilesView {
  /** The visitor opened the tray to choose files. */
  open: ReadonlySignal<boolean>;
  picks: ReadonlySignal<number>;
  /** Files are being dragged over the panel. */
  dragging: ReadonlySignal<boolean>;
  /** What the proxy takes: null for nothing, undefined while unknown. */
  limits: ReadonlySignal<AttachmentLimits | undefined>;
}

let lastId = 0;

/**
 * The files part of the controller, in the chunk the first drag, paste or
 * attach loads: the files waiting above the composer (state.drafts), judged
 * against the proxy's limits as they arrive; the drop zone; cancelling an
 * upload; and the object URLs of image previews, revoked once nothing shows
 * them. Its own signals are the tray's (open, dragging, the limits); the
 * components read them and call these actions.
 */
export function createFiles({ state, proxy, send }: FilesOptions) {
  const open = signal(false);
  /** How often the visitor asked to choose files: each time, the tray's button takes focus. */
  const picks = signal(0);
  const dragging = signal(false);
  const asked = signal<AttachmentLimits | undefined>(undefined);
  const asking = state.limits.value
    ? Promise.resolve()
    : askAttachmentLimits(proxy).then((limits) => {
        asked.value = limits;
      });
  const limits = computed(() => {
    const known = state.limits.value;
    return known ? readAttachmentLimits(known.attachments) : asked.value;
  });

  const previews = new Set<string>();
  const stopRevoking = effect(() => {
    const shown = new Set(
      [...state.drafts.value, ...state.timeline.value.flatMap(uploadsOf)].map(
        (file) => file.preview,
      ),
    );
    for (const url of previews) {
      if (shown.has(url)) continue;
      URL.revokeObjectURL(url);
      previews.delete(url);
    }
  });
  // A sent message shows what the agent got (its logged attachments), not the local copies.
  const stopSettling = effect(() => {
    const timeline = state.timeline.value;
    if (timeline.some(settled)) state.timeline.value = timeline.map(withoutUploads);
  });

  const draft = (file: File): Draft => {
    const refused = refusalOf(file, limits.value);
    const image = !refused && file.type.startsWith('image/');
    const preview = image ? URL.createObjectURL(file) : undefined;
    if (preview) previews.add(preview);
    return bare({
      id: `file-${++lastId}`,
      file,
      ...(preview ? { preview } : {}),
      ...(refused ? { refused } : {}),
    });
  };

  return {
    view: { open, picks, dragging, limits } as FilesView,
    /** Files are dragged over the panel (the drop zone shows), or no longer. */
    drag(on: boolean) {
      dragging.value = on;
    },
    /** Dropped, pasted or chosen: each waits above the composer, or says why it cannot go. */
    async add(files: File[]) {
      dragging.value = false;
      if (files.length === 0) return;
      await asking;
      state.drafts.value = [...state.drafts.value, ...files.map(draft)];
    },
    remove(id: string) {
      state.drafts.value = state.drafts.value.filter((file) => file.id !== id);
    },
    /** The attach button: the tray opens with what may be sent, its button focused. */
    pick() {
      open.value = true;
      picks.value++;
    },
    /** The tray closed: nothing waiting is sent. */
    close() {
      open.value = false;
      state.drafts.value = [];
    },
    /** Cancels a file of a message on its way (uploading or waiting its turn). */
    cancel(key: string, id: string) {
      cancelUpload(state, key, id);
    },
    /** The text and the files waiting (those not refused), in messages of at most PER_MESSAGE. */
    send(text: string) {
      const ready = state.drafts.value.filter((file) => !file.refused);
      // One change: the previews move from the tray to the messages, never shown by neither.
      batch(() => {
        state.drafts.value = state.drafts.value.filter((file) => file.refused);
        open.value = false;
        for (let at = 0; at === 0 || at < ready.length; at += PER_MESSAGE) {
          send(at === 0 ? text : '', ready.slice(at, at + PER_MESSAGE));
        }
      });
    },
    stop() {
      stopRevoking();
      stopSettling();
      for (const url of previews) URL.revokeObjectURL(url);
      previews.clear();
    },
  };
}

export type Files = ReturnType<typeof createFiles>;

const uploadsOf = (item: TimelineItem) => (item.kind === 'message' ? (item.uploads ?? []) : []);

const settled = (item: TimelineItem): item is MessageItem =>
  item.kind === 'message' &&
  item.uploads !== undefined &&
  item.attachments.length > 0 &&
  (item.status === 'sent' || item.status === 'delivered');

function withoutUploads(item: TimelineItem): TimelineItem {
  if (!settled(item)) return item;
  const { uploads: _, ...rest } = item;
  return bare(rest);
}
