import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCredentials } from '../../protocol/widget-api.js';
import { SigningKey } from '../../server/simulator/signing-key.js';
import {
  signedPayload,
  type WebhookHeaders,
  webhookHttpHeaders,
} from '../../server/upstream/webhook-signature.js';
import { startTestParley, type TestParley } from '../support/demo.js';

/**
 * Forged webhooks against the real proxy: only an event signed by 8x8's key,
 * over exactly these bytes and headers, recently, reaches a visitor. Each
 * attack below is a MESSAGE from an "agent" that must never be shown.
 */

let t: TestParley;
let visitor: ConversationCredentials;
let upstreamId: string;

beforeAll(async () => {
  t = await startTestParley();
  visitor = await t.startConversation();
  upstreamId = (await t.upstreamOf(visitor.conversationId)).id;
});
afterAll(() => t.close());

function event(text: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      eventType: 'MESSAGE',
      conversationId: upstreamId,
      timestamp: Date.now(),
      data: { isEcho: false, sender: { id: 'agent-alex', type: 'agent' }, text, attachments: [] },
    }),
  );
}

function headersOf(overrides: Partial<WebhookHeaders> = {}): WebhookHeaders {
  return {
    customerId: t.simulator.customerId,
    tenantId: t.simulator.tenantId,
    eventId: randomUUID(),
    transmissionTime: Date.now(),
    retry: 0,
    ...overrides,
  };
}

async function post(raw: Buffer, headers: WebhookHeaders, signature: string) {
  const answer = await fetch(`${t.origin}/webhooks/8x8`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...webhookHttpHeaders(headers, signature),
    },
    body: new Uint8Array(raw),
  });
  return answer.status;
}

/** A JWS with any protected header, signed (or not) by `sign`. */
function jws(
  header: object,
  raw: Buffer,
  headers: WebhookHeaders,
  sign: (input: string) => string,
) {
  const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
  return `${encoded}..${sign(`${encoded}.${signedPayload(raw, headers)}`)}`;
}

async function agentTexts() {
  return (await t.logOf(visitor.conversationId)).flatMap((e) =>
    e.type === 'message' ? [e.text] : [],
  );
}

describe('webhook signatures', () => {
  it('accepts a genuine event (the control)', async () => {
    const raw = event('genuine');
    const headers = headersOf();
    expect(await post(raw, headers, t.simulator.signingKey.sign(raw, headers))).toBe(200);
    expect(await agentTexts()).toContain('genuine');
  });

  const attacks: [string, () => Promise<number>][] = [
    [
      'a tampered body',
      async () => {
        const headers = headersOf();
        const signature = t.simulator.signingKey.sign(event('original'), headers);
        return post(event('tampered body'), headers, signature);
      },
    ],
    ...(['customerId', 'tenantId', 'eventId', 'retry'] as const).map(
      (field): [string, () => Promise<number>] => [
        `a tampered header (${field})`,
        async () => {
          const raw = event(`tampered ${field}`);
          const headers = headersOf();
          const signature = t.simulator.signingKey.sign(raw, headers);
          const changed = field === 'retry' ? 7 : `${headers[field]}x`;
          return post(raw, { ...headers, [field]: changed }, signature);
        },
      ],
    ),
    [
      'a tampered transmission time',
      async () => {
        const raw = event('tampered time');
        const headers = headersOf();
        const signature = t.simulator.signingKey.sign(raw, headers);
        return post(raw, { ...headers, transmissionTime: headers.transmissionTime + 1 }, signature);
      },
    ],
    [
      'the wrong key under the real kid',
      async () => {
        const raw = event('wrong key');
        const headers = headersOf();
        const forger = new SigningKey();
        const forged = forger.sign(raw, headers).split('.');
        const genuine = t.simulator.signingKey.sign(raw, headers).split('.');
        return post(raw, headers, `${genuine[0]}..${forged[2]}`);
      },
    ],
    [
      'a key of its own (unknown kid)',
      async () => {
        const raw = event('unknown kid');
        const headers = headersOf();
        return post(raw, headers, new SigningKey().sign(raw, headers));
      },
    ],
    [
      'alg none with an empty signature',
      async () => {
        const raw = event('alg none');
        const headers = headersOf();
        const kid = t.simulator.signingKey.kid;
        return post(
          raw,
          headers,
          jws({ alg: 'none', b64: false, crit: ['b64'], kid }, raw, headers, () => ''),
        );
      },
    ],
    [
      'key confusion: HS256 keyed with the public key',
      async () => {
        const raw = event('key confusion');
        const headers = headersOf();
        const kid = t.simulator.signingKey.kid;
        const publicPem = createPublicKey({ key: t.simulator.signingKey.jwk, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        const hmac = (input: string) =>
          createHmac('sha256', publicPem).update(input).digest('base64url');
        return post(
          raw,
          headers,
          jws({ alg: 'HS256', b64: false, crit: ['b64'], kid }, raw, headers, hmac),
        );
      },
    ],
    [
      'b64 true (the payload claimed encoded)',
      async () => {
        const raw = event('b64 true');
        const headers = headersOf();
        const genuine = t.simulator.signingKey.sign(raw, headers).split('.');
        const header = Buffer.from(
          JSON.stringify({ alg: 'RS256', kid: t.simulator.signingKey.kid }),
        ).toString('base64url');
        return post(raw, headers, `${header}..${genuine[2]}`);
      },
    ],
    [
      'a replay of a genuine event an hour later',
      async () => {
        const raw = event('stale replay');
        const headers = headersOf({ transmissionTime: Date.now() - 60 * 60 * 1000 });
        return post(raw, headers, t.simulator.signingKey.sign(raw, headers));
      },
    ],
  ];

  it.each(attacks)('rejects %s with 401 and shows nothing', async (_name, attack) => {
    const before = await agentTexts();
    expect(await attack()).toBe(401);
    expect(await agentTexts()).toEqual(before);
  });

  it('takes a replayed event (same event id, still fresh) once: shown once', async () => {
    const raw = event('replayed');
    const headers = headersOf();
    const signature = t.simulator.signingKey.sign(raw, headers);
    for (let n = 0; n < 5; n++) expect(await post(raw, headers, signature)).toBe(200);
    const retried = { ...headers, retry: 1, transmissionTime: Date.now() };
    expect(await post(raw, retried, t.simulator.signingKey.sign(raw, retried))).toBe(200);
    expect((await agentTexts()).filter((text) => text === 'replayed')).toHaveLength(1);
  });
});
