import { createHmac, randomBytes } from 'node:crypto';
import type { SimAttachment, SimConversation } from './conversations.js';
import { notFound } from './simulator-error.js';

/** What a pre-signed URL's check found: good, never signed here, or signed but expired. */
export type UrlCheck = 'valid' | 'forged' | 'expired';

/**
 * The files visitors upload into conversations (`POST /conversations/{id}/attachments`),
 * and the storage behind the pre-signed URLs webhooks hand out for them: like
 * 8x8's, anyone with the URL can download, nobody can guess it, and it expires
 * (8x8 does not say when; here, when a test says so: `expireUrls()`).
 */
export class Attachments {
  readonly #baseUrl: () => string;
  readonly #changed: (conversation: SimConversation) => void;
  /** Signs the download URLs; kept in the simulator's file, so URLs handed out stay valid. */
  readonly urlSecret: Buffer;
  /** URLs issued before this (epoch ms) have expired. */
  #validFrom = 0;

  /** `baseUrl`: the simulator's own address, read when a URL is made. */
  constructor(
    baseUrl: () => string,
    changed: (conversation: SimConversation) => void,
    urlSecret: Buffer = randomBytes(32),
  ) {
    this.#baseUrl = baseUrl;
    this.#changed = changed;
    this.urlSecret = urlSecret;
  }

  /** A file the integration will send in a message. */
  upload(
    conversation: SimConversation,
    file: { filename: string; contentType: string; data: Buffer },
  ): SimAttachment {
    const attachment: SimAttachment = {
      id: randomBytes(16).toString('base64url'),
      ...file,
      sizeInBytes: file.data.length,
      createdAt: new Date().toISOString(),
    };
    conversation.attachments.push(attachment);
    this.#changed(conversation);
    return attachment;
  }

  attachment(conversation: SimConversation, id: string): SimAttachment {
    const found = conversation.attachments.find((attachment) => attachment.id === id);
    if (!found) throw notFound('Attachment', id);
    return found;
  }

  preSignedUrl(conversationId: string, attachmentId: string): string {
    const issued = String(Date.now());
    const signature = this.#signature(conversationId, attachmentId, issued);
    return `${this.#baseUrl()}/files/${conversationId}/${attachmentId}?issued=${issued}&signature=${signature}`;
  }

  checkUrl(
    conversationId: string,
    attachmentId: string,
    query: { issued?: string | undefined; signature?: string | undefined },
  ): UrlCheck {
    const { issued = '', signature = '' } = query;
    if (signature !== this.#signature(conversationId, attachmentId, issued)) return 'forged';
    return Number(issued) < this.#validFrom ? 'expired' : 'valid';
  }

  /** Every pre-signed URL handed out so far stops working; new ones work. */
  expireUrls(): void {
    this.#validFrom = Date.now() + 1;
  }

  /** How a MESSAGE event carries the attachment. */
  event(conversation: SimConversation, id: string) {
    const attachment = this.attachment(conversation, id);
    const top = attachment.contentType.split('/')[0];
    return {
      id,
      type: top === 'image' || top === 'video' || top === 'audio' ? top : 'file',
      preSignedUrl: this.preSignedUrl(conversation.id, id),
      fileName: attachment.filename,
    };
  }

  #signature(conversationId: string, attachmentId: string, issued: string) {
    return createHmac('sha256', this.urlSecret)
      .update(`${conversationId}/${attachmentId}/${issued}`)
      .digest('base64url');
  }
}
