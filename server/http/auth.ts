import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../store/store.js';
import { sendProblem } from './problem.js';
import type { TokenScope, TokenSigner } from './tokens.js';

const REASONS = {
  malformed: 'The token is not a Parley token.',
  'bad-signature': 'The token was not signed by this proxy.',
  expired: 'The token has expired; refresh it or start a new conversation.',
  'wrong-scope': 'This token cannot be used for this call.',
} as const;

/**
 * Checks that `token` grants `scope` on the conversation in the URL, and that the
 * session has not revoked it. Answers 401 itself and returns undefined on failure.
 */
export async function authorize(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    tokens: TokenSigner;
    token: string | undefined;
    scope: TokenScope;
    conversationId: string;
    /** For a `file` token: the attachment it must name. */
    resource?: string;
    session: (conversationId: string) => Promise<Session | undefined>;
  },
): Promise<Session | undefined> {
  if (!options.token) {
    await sendProblem(reply, 401, 'Unauthorized', 'This call needs the conversation token.');
    return undefined;
  }
  const check = options.tokens.check(options.token, options.scope);
  if (!check.ok) {
    request.log.info({ reason: check.reason }, 'token refused');
    await sendProblem(reply, 401, 'Unauthorized', REASONS[check.reason]);
    return undefined;
  }
  if (check.claims.conversationId !== options.conversationId) {
    request.log.info('token for another conversation');
    await sendProblem(reply, 401, 'Unauthorized', 'The token belongs to another conversation.');
    return undefined;
  }
  if (check.claims.resource !== options.resource) {
    request.log.info('token for another attachment');
    await sendProblem(reply, 401, 'Unauthorized', 'The token belongs to another attachment.');
    return undefined;
  }
  const session = await options.session(options.conversationId);
  if (!session || session.tokenVersion !== check.claims.version) {
    await sendProblem(reply, 401, 'Unauthorized', 'The token has been revoked.');
    return undefined;
  }
  return session;
}

export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * The widget API's check: the Authorization header's token must be an `api`
 * token granting this conversation, whose session still exists.
 */
export function apiTokenCheck(
  tokens: TokenSigner,
  session: (conversationId: string) => Promise<Session | undefined>,
) {
  return (request: FastifyRequest, reply: FastifyReply, conversationId: string) =>
    authorize(request, reply, {
      tokens,
      token: bearer(request),
      scope: 'api',
      conversationId,
      session,
    });
}
