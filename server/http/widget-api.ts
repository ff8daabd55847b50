import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BODY_LIMITS, TRANSCRIPT_PAGE } from '../../protocol/limits.js';
import type {
  ConversationCredentials,
  TranscriptPage,
  WidgetLimits,
} from '../../protocol/widget-api.js';
import {
  closeConversation,
  createConversation,
  markRead,
  preflight,
  readTranscript,
  refreshToken,
  sendMessage,
  sendTyping,
  uploadAttachment,
} from '../../protocol/widget-routes.js';
import type { RateLimits } from '../config.js';
import { checkFileSignature } from '../relay/file-signature.js';
import type { Relay } from '../relay/relay.js';
import type { Session, Store } from '../store/store.js';
import { UpstreamError } from '../upstream/contact-center.js';
import type { AttachmentLinks } from './attachment-links.js';
import { apiTokenCheck } from './auth.js';
import { safeFileName } from './file-name.js';
import { allowOrigins } from './origins.js';
import { sendProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { TokenSigner } from './tokens.js';
import type { ContractTypeProvider } from './type-provider.js';
import { unsafeNumber } from './unsafe-number.js';

export interface WidgetApiOptions {
  relay: Relay;
  store: Store;
  tokens: TokenSigner;
  /** Points the transcript's attachments at the proxy's download route. */
  links: AttachmentLinks;
  limits: WidgetLimits;
  isAllowedOrigin: (origin: string) => boolean;
  rateLimits: RateLimits;
  allow: RateLimiter;
  /** A configured department's queue or script (DEPARTMENTS), by id. */
  department?: (id: string) => { assignment: { type: 'queue' | 'script'; id: string } } | undefined;
}

/** The widget's API under /v1: everything the visitor's browser may ask of the proxy. */
export async function widgetApi(app: FastifyInstance, options: WidgetApiOptions) {
  const { relay, store, tokens, links, allow, rateLimits: rates } = options;
  const routes = app.withTypeProvider<ContractTypeProvider>();
  allowOrigins(app, options.isAllowedOrigin);
  routes.options('/*', { schema: preflight }, async (_request, reply) => reply.code(204).send());

  const credentials = (session: Session): ConversationCredentials => {
    const api = tokens.issue(session.conversationId, 'api', session.tokenVersion);
    const stream = tokens.issue(session.conversationId, 'stream', session.tokenVersion);
    return {
      conversationId: session.conversationId,
      token: api.token,
      streamToken: stream.token,
      expiresAt: new Date(api.expiresAt * 1000).toISOString(),
      limits: options.limits,
    };
  };

  const authorized = apiTokenCheck(tokens, (id) => store.sessions.get(id));

  /**
   * Per address first (no token needed to count), then per conversation once
   * authorised. The session when within them; undefined once answered.
   */
  const withinLimits = async (
    request: FastifyRequest,
    reply: FastifyReply,
    conversationId: string,
    action: 'send' | 'typing',
  ): Promise<Session | undefined> => {
    if (!(await allow(reply, `${action}-per-ip`, request.ip, rates[`${action}PerIp`]))) return;
    const session = await authorized(request, reply, conversationId);
    if (!session) return;
    const perConversation = rates[`${action}PerConversation`];
    if (
      !(await allow(reply, `${action}-per-conversation`, session.conversationId, perConversation))
    )
      return;
    return session;
  };

  routes.post(
    '/conversations',
    { schema: createConversation, bodyLimit: BODY_LIMITS.createConversation },
    async (request, reply) => {
      if (!(await allow(reply, 'create-per-ip', request.ip, rates.createPerIp))) return reply;
      const body = request.body ?? {};
      const department = body.department ? options.department?.(body.department) : undefined;
      if (body.department && !department) {
        return sendProblem(
          reply,
          400,
          'Unknown department',
          'body/department names no configured department.',
        );
      }
      const session = await relay.start(body, department?.assignment);
      return reply.code(201).send(credentials(session));
    },
  );

  routes.post(
    '/conversations/:conversationId/token',
    { schema: refreshToken, bodyLimit: BODY_LIMITS.small },
    async (request, reply) => {
      const session = await authorized(request, reply, request.params.conversationId);
      if (!session) return reply;
      return credentials(session);
    },
  );

  routes.post(
    '/conversations/:conversationId/messages',
    { schema: sendMessage, bodyLimit: BODY_LIMITS.sendMessage },
    async (request, reply) => {
      const session = await withinLimits(request, reply, request.params.conversationId, 'send');
      if (!session) return reply;
      const result = await relay.send(session, request.body);
      return reply.code(202).send(result);
    },
  );

  routes.post(
    '/conversations/:conversationId/typing',
    { schema: sendTyping, bodyLimit: BODY_LIMITS.small },
    async (request, reply) => {
      const session = await withinLimits(request, reply, request.params.conversationId, 'typing');
      if (!session) return reply;
      // 8x8 has no "stopped typing": its indicator times out, so only "typing" is forwarded.
      if (request.body.typing) {
        await relay.typing(session).catch((error: unknown) => {
          // Typing is a hint: 8x8 being unavailable for it is not the widget's problem.
          if (!(error instanceof UpstreamError)) throw error;
          request.log.info({ err: error }, 'typing not forwarded to 8x8');
        });
      }
      return reply.code(204).send();
    },
  );

  routes.post(
    '/conversations/:conversationId/read',
    { schema: markRead, bodyLimit: BODY_LIMITS.small },
    async (request, reply) => {
      // Read receipts share the typing limits: both are small hints the widget batches.
      const session = await withinLimits(request, reply, request.params.conversationId, 'typing');
      if (!session) return reply;
      await relay.read(session, request.body.lastReadEventId).catch((error: unknown) => {
        // A receipt is a hint too: the next one covers it; the visitor is not told.
        if (!(error instanceof UpstreamError)) throw error;
        request.log.info({ err: error }, 'read receipt not forwarded to 8x8');
      });
      return reply.code(204).send();
    },
  );

  await app.register(async (plugin) => {
    const uploads = plugin.withTypeProvider<ContractTypeProvider>();
    const attachments = options.limits.attachments;
    // The file is the raw body, whatever its type; only this route reads bodies that way.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    uploads.post(
      '/conversations/:conversationId/attachments',
      { schema: uploadAttachment, bodyLimit: Math.max(attachments?.maxBytes ?? 0, 1) },
      async (request, reply) => {
        const session = await withinLimits(request, reply, request.params.conversationId, 'send');
        if (!session) return reply;
        if (!attachments) {
          return sendProblem(
            reply,
            403,
            'Attachments disabled',
            'This proxy does not accept attachments.',
          );
        }
        const contentType = (request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!attachments.types.includes(contentType)) {
          return sendProblem(
            reply,
            415,
            'File type not allowed',
            `Allowed types: ${attachments.types.join(', ')}.`,
          );
        }
        const data = request.body;
        if (!Buffer.isBuffer(data) || data.length === 0) {
          return sendProblem(reply, 400, 'Empty file', 'The request body must be the file.');
        }
        const verdict = checkFileSignature(contentType, data);
        if (!verdict.ok) {
          return sendProblem(reply, 415, 'File content does not match its type', verdict.detail);
        }
        const attachment = await relay.upload(session, {
          name: safeFileName(request.query.filename),
          contentType,
          data,
        });
        return reply.code(201).send(attachment);
      },
    );
  });

  routes.post(
    '/conversations/:conversationId/close',
    { schema: closeConversation, bodyLimit: BODY_LIMITS.small },
    async (request, reply) => {
      const session = await authorized(request, reply, request.params.conversationId);
      if (!session) return reply;
      try {
        await relay.close(session);
      } catch (error) {
        // The visitor has left as far as Parley is concerned; 8x8 ends idle chats on its own.
        request.log.warn({ err: error }, 'telling 8x8 the visitor left failed');
      }
      return reply.code(204).send();
    },
  );

  routes.get(
    '/conversations/:conversationId/transcript',
    { schema: readTranscript },
    async (request, reply) => {
      const unsafe = unsafeNumber(request.query);
      if (unsafe) {
        return sendProblem(reply, 400, 'Invalid request', `querystring/${unsafe} must be integer`);
      }
      const { conversationId } = request.params;
      const session = await authorized(request, reply, conversationId);
      if (!session) return reply;
      // Validation fills both in from the schema's defaults; these only tell the type so.
      const { after = 0, limit = TRANSCRIPT_PAGE.default } = request.query;
      const read = await store.events.readAfter(conversationId, after, limit);
      const page: TranscriptPage = { events: read.events.map(links(request, session)) };
      const last = read.events.at(-1);
      if (last && read.events.length === limit) page.next = last.id;
      return page;
    },
  );
}
