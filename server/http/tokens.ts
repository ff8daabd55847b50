import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Conversation-scoped bearer tokens, signed by the proxy (HMAC-SHA256).
 * `api` tokens authorise the /v1 calls on one conversation; `stream` tokens only
 * open its event stream, because they travel in a URL; `file` tokens only
 * download one attachment of it, because they travel in a link (an `<a href>`
 * or `<img src>` sends no header), which a visitor may copy.
 */
export type TokenScope = 'api' | 'stream' | 'file';

export interface TokenClaims {
  conversationId: string;
  scope: TokenScope;
  /** Must equal the session's token version; bumping it revokes every older token. */
  version: number;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  /** What a `file` token opens: one attachment id of the conversation. */
  resource?: string;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-scope' };

export class TokenSigner {
  readonly #secret: Buffer;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds: number) {
    this.#secret = Buffer.from(secret, 'utf8');
    this.#ttlSeconds = ttlSeconds;
  }

  issue(
    conversationId: string,
    scope: TokenScope,
    version: number,
    now = Date.now(),
  ): TokenClaims & { token: string } {
    return this.#issue({
      conversationId,
      scope,
      version,
      expiresAt: Math.floor(now / 1000) + this.#ttlSeconds,
    });
  }

  /** A `file` token: it downloads this one attachment of the conversation, and nothing else. */
  issueFile(
    conversationId: string,
    attachmentId: string,
    version: number,
    now = Date.now(),
  ): TokenClaims & { token: string } {
    return this.#issue({
      conversationId,
      scope: 'file',
      version,
      expiresAt: Math.floor(now / 1000) + this.#ttlSeconds,
      resource: attachmentId,
    });
  }

  #issue(claims: TokenClaims): TokenClaims & { token: string } {
    const { conversationId, scope, version, expiresAt, resource } = claims;
    const fields = [conversationId, scope, version, expiresAt];
    const payload = Buffer.from(
      JSON.stringify(resource === undefined ? fields : [...fields, resource]),
    ).toString('base64url');
    return { ...claims, token: `${payload}.${this.#sign(payload)}` };
  }

  check(token: string, scope: TokenScope, now = Date.now()): TokenCheck {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'bad-signature' };
    }
    const claims = decode(payload);
    if (!claims) return { ok: false, reason: 'malformed' };
    if (claims.scope !== scope) return { ok: false, reason: 'wrong-scope' };
    if (claims.expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }
}

function decode(payload: string): TokenClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length < 4 || value.length > 5) return undefined;
    const [conversationId, scope, version, expiresAt, resource] = value;
    if (typeof conversationId !== 'string') return undefined;
    if (!Number.isSafeInteger(version) || !Number.isSafeInteger(expiresAt)) return undefined;
    // A file token names its attachment; the other scopes name nothing more.
    if (scope === 'file' && typeof resource === 'string') {
      return { conversationId, scope, version, expiresAt, resource };
    }
    if ((scope === 'api' || scope === 'stream') && resource === undefined) {
      return { conversationId, scope, version, expiresAt };
    }
    return undefined;
  } catch {
    return undefined;
  }
}
