import { randomBytes } from 'node:crypto';
import { SigningKey } from './signing-key.js';

/**
 * What the simulated 8x8 authenticates with and signs with: the API key and the
 * legacy API's OAuth secret, the OAuth tokens it issued, and the webhook signing
 * keys (every key ever used stays published, so events signed before a rotation
 * still verify).
 */
export class Credentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Lifetime of the legacy API's OAuth tokens. */
  readonly tokenTtlSeconds: number;
  /** The legacy API's OAuth tokens and when they expire (epoch ms). */
  readonly tokens = new Map<string, number>();
  readonly keys = new Map<string, SigningKey>();
  #key: SigningKey;

  constructor(options: { apiKey: string; apiSecret: string; tokenTtlSeconds: number }) {
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.#key = this.rotateKey();
  }

  /** The key that signs from now on. */
  get signingKey(): SigningKey {
    return this.#key;
  }

  /**
   * A new signing key; the old ones stay published. With `sameKid`, the new key
   * replaces the current one under its kid (the old key is no longer published).
   */
  rotateKey(options: { sameKid?: boolean } = {}): SigningKey {
    // The constructor's first call has no key yet.
    const kid = options.sameKid ? (this.#key as SigningKey | undefined)?.kid : undefined;
    this.#key = new SigningKey(kid);
    this.keys.set(this.#key.kid, this.#key);
    return this.#key;
  }

  /** The client credentials of `POST /oauth/v2/token`: the API key and its secret. */
  clientValid(key: string | undefined, secret: string | undefined): boolean {
    return key === this.apiKey && secret === this.apiSecret;
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + this.tokenTtlSeconds * 1000);
    return { token, expiresIn: this.tokenTtlSeconds };
  }

  tokenValid(token: string): boolean {
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > Date.now();
  }

  /** Every token stops working at once (as when a key is rotated in Admin Console). */
  revokeTokens(): void {
    this.tokens.clear();
  }
}
