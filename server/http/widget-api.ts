import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimits } from '../config.js';
import type {
  ConversationCredentials,
  CreateConversationRequest,
  SendMessageRequest,
  TranscriptPage,
  TypingRequest,
  WidgetLimits,
} from '../protocol.js';
import { checkFileSignature } from '../relay/file-signature.js';
import type { Relay } from '../relay/relay.js';
import type { Session, Store } from '../store/store.js';
import { UpstreamError } from '../upstream/contact-center.js';
import { MAX_TEXT_LENGTH } from '../upstream/text-limits.js';
import { authorize, bearer } from './auth.js';
import { allowOrigins } from './origins.js';
import { sendProblem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import { type ConversationRoute, conversationParams, unsafeNumber } from './schemas.js';
import type { TokenSigner } from './tokens.js';

export interface WidgetApiOptions {
  relay: Relay;
  store: Store;
  tokens: TokenSigner;
  limits: WidgetLimits;
  isAllowedOrigin: (origin: string) => boolean;
  rateLimits: RateLimits;
  allow: RateLimiter;
}

/** The visitor writes at most what 8x8's agent window takes: the same cap as 8x8's text to us. */
export const MAX_MESSAGE_LENGTH = MAX_TEXT_LENGTH;

const createBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    visitor: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 200 },
        email: { type: 'string', maxLength: 320, format: 'email' },
        phone: { type: 'string', maxLength: 40, pattern: '^[0-9+() .-]*$' },
      },
    },
    locale: { type: 'string', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
    variables: {
      type: 'object',
      maxProperties: 30,
      propertyNames: { pattern: '^[A-Za-z0-9_$-]{1,100}$' },
      additionalProperties: { type: 'string', maxLength: 500 },
    },
  },
} as const;

const sendBody = {
  type: 'object',
  additionalProperties: false,
  required: ['clientMessageId'],
  anyOf: [{ required: ['text'] }, { required: ['attachmentIds'] }],
  properties: {
    clientMessageId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    text: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_LENGTH },
    attachmentIds: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
} as const;

const typingBody = {
  type: 'object',
  additionalProperties: false,
  required: ['typing'],
  properties: { typing: { type: 'boolean' } },
} as const;

const uploadQuery = {
  type: 'object',
  required: ['filename'],
  properties: { filename: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

const transcriptQuery = {
  type: 'object',
  properties: {
    after: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
  },
} as const;

/** The widget's API under /v1: everything the visitor's browser may ask of the proxy. */
export async function widgetApi(app: FastifyInstance, options: WidgetApiOptions) {
  const { relay, store, tokens, allow, rateLimits: rates } = options;
  allowOrigins(app, options.isAllowedOrigin);
  app.options('/*', async (_request, reply) => reply.code(204).send());

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

  /** Per address first (no token needed to count), then per conversation once authorised. */
  const withinLimits = async (
    request: FastifyRequest<ConversationRoute>,
    reply: FastifyReply,
    action: 'send' | 'typing',
  ) =>
    (await allow(reply, `${action}-per-ip`, request.ip, rates[`${action}PerIp`])) &&
    (await authorized(request, reply)) !== undefined &&
    (await allow(
      reply,
      `${action}-per-conversation`,
      request.params.conversationId,
      rates[`${action}PerConversation`],
    ));

  /** The token from the Authorization header must grant this conversation. */
  const authorized = (request: FastifyRequest<ConversationRoute>, reply: FastifyReply) =>
    authorize(request, reply, {
      tokens,
      token: bearer(request),
      scope: 'api',
      conversationId: request.params.conversationId,
      session: (id) => store.sessions.get(id),
    });

  app.post<{ Body: CreateConversationRequest }>(
    '/conversations',
    { schema: { body: createBody }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      if (!(await allow(reply, 'create-per-ip', request.ip, rates.createPerIp))) return reply;
      const session = await relay.start(request.body ?? {});
      return reply.code(201).send(credentials(session));
    },
  );

  app.post<ConversationRoute>(
    '/conversations/:conversationId/token',
    { schema: { params: conversationParams }, bodyLimit: 1024 },
    async (request, reply) => {
      const session = await authorized(request, reply);
      if (!session) return reply;
      return credentials(session);
    },
  );

  app.post<ConversationRoute & { Body: SendMessageRequest }>(
    '/conversations/:conversationId/messages',
    { schema: { params: conversationParams, body: sendBody }, bodyLimit: 32 * 1024 },
    async (request, reply) => {
      if (!(await withinLimits(request, reply, 'send'))) return reply;
      const result = await relay.send(request.params.conversationId, request.body);
      return reply.code(202).send(result);
    },
  );

  app.post<ConversationRoute & { Body: TypingRequest }>(
    '/conversations/:conversationId/typing',
    { schema: { params: conversationParams, body: typingBody }, bodyLimit: 1024 },
    async (request, reply) => {
      if (!(await withinLimits(request, reply, 'typing'))) return reply;
      // 8x8 has no "stopped typing": its indicator times out, so only "typing" is forwarded.
      if (request.body.typing) {
        await relay.typing(request.params.conversationId).catch((error: unknown) => {
          // Typing is a hint: 8x8 being unavailable for it is not the widget's problem.
          if (!(error instanceof UpstreamError)) throw error;
          request.log.info({ err: error }, 'typing not forwarded to 8x8');
        });
      }
      return reply.code(204).send();
    },
  );

  await app.register(async (uploads) => {
    const attachments = options.limits.attachments;
    // The file is the raw body, whatever its type; only this route reads bodies that way.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    uploads.post<ConversationRoute & { Querystring: { filename: string } }>(
      '/conversations/:conversationId/attachments',
      {
        schema: { params: conversationParams, querystring: uploadQuery },
        bodyLimit: Math.max(attachments?.maxBytes ?? 0, 1),
      },
      async (request, reply) => {
        if (!(await withinLimits(request, reply, 'send'))) return reply;
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
        const attachment = await relay.upload(request.params.conversationId, {
          name: safeFileName(request.query.filename),
          contentType,
          data,
        });
        return reply.code(201).send(attachment);
      },
    );
  });

  app.post<ConversationRoute>(
    '/conversations/:conversationId/close',
    { schema: { params: conversationParams }, bodyLimit: 1024 },
    async (request, reply) => {
      if (!(await authorized(request, reply))) return reply;
      try {
        await relay.close(request.params.conversationId);
      } catch (error) {
        // The visitor has left as far as Parley is concerned; 8x8 ends idle chats on its own.
        request.log.warn({ err: error }, 'telling 8x8 the visitor left failed');
      }
      return reply.code(204).send();
    },
  );

  app.get<ConversationRoute & { Querystring: { after: number; limit: number } }>(
    '/conversations/:conversationId/transcript',
    { schema: { params: conversationParams, querystring: transcriptQuery } },
    async (request, reply) => {
      const unsafe = unsafeNumber(request.query);
      if (unsafe) {
        return sendProblem(reply, 400, 'Invalid request', `querystring/${unsafe} must be integer`);
      }
      if (!(await authorized(request, reply))) return reply;
      const { after, limit } = request.query;
      const read = await store.events.readAfter(request.params.conversationId, after, limit);
      const page: TranscriptPage = { events: read.events };
      const last = read.events.at(-1);
      if (last && read.events.length === limit) page.next = last.id;
      return page;
    },
  );
}

/** A name to show, not a path: no directories, no control characters. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove.
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'attachment';
}
