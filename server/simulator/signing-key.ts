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
import type { VariantSettings } from './variants.js';

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

  /**
   * A new key pair; with a kid, a new key published under that old kid (8x8 replacing a key in
   * place); or the pair a simulator's file kept (so what it signed still verifies).
   */
  constructor(from?: SavedSigningKey | string) {
    const saved = typeof from === 'object' ? from : undefined;
    const privateKey = saved
      ? createPrivateKey(saved.privateKey)
      : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.kid =
      saved?.kid ?? (typeof from === 'string' ? from : randomBytes(16).toString('base64url'));
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

let ecKey: JsonWebKey | undefined;
/** Another key in the JWK Set, so the verifier has to pick by kid. */
let otherKey: SigningKey | undefined;

/**
 * What the JWK endpoint answers for `key`, in the shape asked for (variants.ts):
 * the readings of 8x8's samples, and an EC key under the same kid, which a
 * verifier must refuse.
 */
export function jwkAnswer(key: SigningKey, shape: VariantSettings['jwkShape']): unknown {
  const { kid: _kid, ...withoutKid } = key.jwk;
  switch (shape) {
    case 'bare':
      return key.jwk;
    case 'bare-without-kid':
      return withoutKid;
    case 'json-string':
      return JSON.stringify(key.jwk);
    case 'jwk-set':
      otherKey ??= new SigningKey();
      return { keys: [otherKey.jwk, key.jwk] };
    case 'not-rsa':
      ecKey ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        format: 'jwk',
      });
      return { ...ecKey, kid: key.kid };
  }
}
