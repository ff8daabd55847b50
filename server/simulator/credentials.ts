import { randomBytes } from 'node:crypto';
import { type SavedSigningKey, SigningKey } from './signing-key.js';

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

  constructor(options: {
    apiKey: string;
    apiSecret: string;
    tokenTtlSeconds: number;
    /** The keys a simulator's file kept, oldest first: the last one signs. */
    keys?: SavedSigningKey[];
  }) {
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    for (const saved of options.keys ?? []) {
      const key = new SigningKey(saved);
      this.keys.set(key.kid, key);
    }
    this.#key = [...this.keys.values()].at(-1) ?? this.rotateKey();
  }

  /** Every key, oldest first (the signing one last), as a simulator's file keeps them. */
  savedKeys(): SavedSigningKey[] {
    return [...this.keys.values()].map((key) => key.saved());
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
