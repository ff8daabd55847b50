import {
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { signedPayload, type WebhookHeaders } from '../upstream/webhook-signature.js';

/** A signing key as the simulator's file keeps it: its kid and its private key in PEM. */
export interface SavedSigningKey {
  kid: string;
  privateKey: string;
}

/** An RSA key pair that signs webhooks the way 8x8 does, and publishes its JWK by kid. */
export class SigningKey {
  readonly kid: string;
  readonly #privateKey: KeyObject;
  readonly jwk: JsonWebKey;

  /** A new key pair, or the one a simulator's file kept (so what it signs still verifies). */
  constructor(saved?: SavedSigningKey) {
    const privateKey = saved
      ? createPrivateKey(saved.privateKey)
      : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.kid = saved?.kid ?? randomBytes(16).toString('base64url');
    this.#privateKey = privateKey;
    this.jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid: this.kid };
  }

  saved(): SavedSigningKey {
    return {
      kid: this.kid,
      privateKey: this.#privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
  }

  /** `x-8x8-signature`: detached JWS, unencoded payload (RFC 7797), RS256. */
  sign(rawBody: Uint8Array, headers: WebhookHeaders): string {
    const header = { b64: false, crit: ['b64'], kid: this.kid, alg: 'RS256' };
    const encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
    const signature = createSign('RSA-SHA256')
      .update(`${encodedHeader}.${signedPayload(rawBody, headers)}`)
      .sign(this.#privateKey)
      .toString('base64url');
    return `${encodedHeader}..${signature}`;
  }
}
