import type { FastifyInstance } from 'fastify';
import { downloadAttachment } from '../../protocol/widget-routes.js';
import type { RateLimits } from '../config.js';
import type { Relay } from '../relay/relay.js';
import type { Store } from '../store/store.js';
import { UpstreamError } from '../upstream/contact-center.js';
import { presentAttachment } from './attachment-presentation.js';
import { authorize } from './auth.js';
import { sendProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { TokenSigner } from './tokens.js';
import type { ContractTypeProvider } from './type-provider.js';

export interface AttachmentContentOptions {
  relay: Relay;
  store: Store;
  tokens: TokenSigner;
  rateLimits: RateLimits;
  allow: RateLimiter;
}

/** Files the browser may open, but never run: no scripts, no plugins, no frames. */
const FILE_CSP = "default-src 'none'; sandbox";

/**
 * GET /v1/conversations/{id}/attachments/{attachmentId}/content: an attachment
 * as 8x8's content endpoint serves it now, streamed through (never held whole),
 * for the links attachment-links.ts puts in the transcript and the stream. The
 * link's file token opens this one attachment of this one conversation; the
 * answer's type and disposition are attachment-presentation.ts's choice.
 */
export async function attachmentContent(app: FastifyInstance, options: AttachmentContentOptions) {
  const { relay, store, tokens, allow, rateLimits: rates } = options;
  const routes = app.withTypeProvider<ContractTypeProvider>();
  routes.get(
    '/conversations/:conversationId/attachments/:attachmentId/content',
    { schema: downloadAttachment, exposeHeadRoute: false },
    async (request, reply) => {
      if (!(await allow(reply, 'download-per-ip', request.ip, rates.downloadPerIp))) return reply;
      const { conversationId, attachmentId } = request.params;
      const session = await authorize(request, reply, {
        tokens,
        token: request.query.token,
        scope: 'file',
        conversationId,
        resource: attachmentId,
        session: (id) => store.sessions.get(id),
      });
      if (!session) return reply;
      if (
        !(await allow(
          reply,
          'download-per-conversation',
          conversationId,
          rates.downloadPerConversation,
        ))
      ) {
        return reply;
      }
      let content: Awaited<ReturnType<Relay['openAttachment']>>;
      try {
        content = await relay.openAttachment(session, attachmentId);
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.status !== 404) throw error;
        return sendProblem(
          reply,
          404,
          'Not found',
          '8x8 has no such attachment in this conversation.',
        );
      }
      const shown = presentAttachment(content.contentType, content.fileName ?? request.query.name);
      content.body.on('error', (error) => {
        request.log.warn({ err: error }, 'the attachment from 8x8 broke off');
      });
      reply
        .type(shown.contentType)
        .header('content-disposition', shown.contentDisposition)
        .header('content-security-policy', FILE_CSP)
        // The host page shows the images: the one answer another origin may embed.
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'private, no-store');
      if (content.contentLength !== undefined) {
        reply.header('content-length', String(content.contentLength));
      }
      return reply.send(content.body);
    },
  );
}
