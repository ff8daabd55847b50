import type { FastifyRequest } from 'fastify';
import type { Attachment, LoggedEvent } from '../../protocol/events.js';
import type { Session } from '../store/store.js';
import { safeFileName } from './file-name.js';
import type { TokenSigner } from './tokens.js';

/** Turns the events of one conversation, as served to one request, into what the widget gets. */
export type LinkAttachments = (event: LoggedEvent) => LoggedEvent;

export interface AttachmentLinkOptions {
  tokens: TokenSigner;
  /** The proxy's public URL (PUBLIC_URL); without it, the address the request came to. */
  publicUrl: string | undefined;
  /** Whether 8x8 can serve attachments at all (the legacy API has none). */
  enabled: boolean;
}

/**
 * Points every attachment of the events served (transcript and stream) at the
 * proxy's download route, with a file token for that attachment alone. 8x8's
 * pre-signed URL from the webhook expires (when is not documented); the route
 * asks 8x8's content endpoint afresh each time, so a transcript read tomorrow
 * still opens its files. Done as the events are served, not when they are
 * stored: each link's token is as fresh as the page or stream carrying it, and
 * 8x8's URL never reaches the browser.
 */
export function attachmentLinks(options: AttachmentLinkOptions) {
  return (request: FastifyRequest, session: Session): LinkAttachments => {
    if (!options.enabled) return (event) => event;
    const base = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
    const link = (attachment: Attachment): Attachment => {
      const { token } = options.tokens.issueFile(
        session.conversationId,
        attachment.id,
        session.tokenVersion,
      );
      const path = `/v1/conversations/${session.conversationId}/attachments/${encodeURIComponent(attachment.id)}/content`;
      const query = `token=${encodeURIComponent(token)}&name=${encodeURIComponent(safeFileName(attachment.name))}`;
      return { ...attachment, url: `${base}${path}?${query}` };
    };
    return (event) =>
      event.type === 'message' && event.attachments.length > 0
        ? { ...event, attachments: event.attachments.map(link) }
        : event;
  };
}

export type AttachmentLinks = ReturnType<typeof attachmentLinks>;
