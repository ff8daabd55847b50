import { generateKeyPairSync } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SigningKey } from '../simulator/signing-key.js';
import { signedPayload, verifyWebhookSignature, type WebhookHeaders } from './webhook-signature.js';

// The sample from 8x8's "Verify Webhook Callbacks" page (reference §3.2).
const SAMPLE_BODY =
  '{"eventType":"AGENT_JOINED","messageType":"SYSTEM","conversationId":"Aka5NMHU8MtIG7lUQOxI0DTOvM4","agentId":"cmalutan","agentName":"Cosmin,Malutan","timestamp":1629804577002}';

describe('the signed payload', () => {
  it('has the CRC-32 of the reference sample body that 8x8 documents', () => {
    expect(crc32(Buffer.from(SAMPLE_BODY))).toBe(1564621066);
  });

  it('is the compact JSON of checksum, cid, eid, retry, tid, tt in that order', () => {
    const headers = {
      customerId: 'vccC8ProdChecksUS',
      eventId: 'g4nqGuj8TpCa6tiZ3DeeNw',
      tenantId: 'vccC8ProdChecksUS',
      transmissionTime: 1629804577296,
      retry: 0,
    };
    expect(signedPayload(Buffer.from(SAMPLE_BODY), headers)).toBe(
      '{"checksum":1564621066,"cid":"vccC8ProdChecksUS","eid":"g4nqGuj8TpCa6tiZ3DeeNw","retry":0,"tid":"vccC8ProdChecksUS","tt":1629804577296}',
    );
  });
});

describe('verifyWebhookSignature', () => {
  const key = new SigningKey();
  const other = new SigningKey();
  const body = Buffer.from(
    '{"eventType":"MESSAGE","conversationId":"c1","timestamp":1,"data":{"text":"hi"}}',
  );
  const now = 1_700_000_000_000;
  const headers: WebhookHeaders = {
    customerId: 'cust',
    eventId: 'evt-1',
    tenantId: 'ten',
    transmissionTime: now,
    retry: 0,
  };
  const publicKeys = new Map([
    [key.kid, key],
    [other.kid, other],
  ]);
  const keys = async (kid: string) => {
    const found = publicKeys.get(kid);
    return found
      ? (await import('node:crypto')).createPublicKey({ key: found.jwk, format: 'jwk' })
      : undefined;
  };
  const verify = (raw: Buffer, h: WebhookHeaders, signature: string, at = now) =>
    verifyWebhookSignature(raw, h, signature, { keys, maxSkewMs: 300_000, now: at });

  it('accepts an event signed as 8x8 signs it', async () => {
    expect(await verify(body, headers, key.sign(body, headers))).toEqual({
      ok: true,
      kid: key.kid,
    });
  });

  it('accepts a retry, which is signed with its own retry number and time', async () => {
    const retried = { ...headers, retry: 2, transmissionTime: now + 5000 };
    expect((await verify(body, retried, key.sign(body, retried))).ok).toBe(true);
  });

  it('rejects a tampered body', async () => {
    const signature = key.sign(body, headers);
    const tampered = Buffer.from(body.toString().replace('hi', 'ho'));
    expect(await verify(tampered, headers, signature)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a tampered header', async () => {
    const signature = key.sign(body, headers);
    for (const changed of [
      { eventId: 'evt-2' },
      { tenantId: 'other' },
      { customerId: 'x' },
      { retry: 1 },
    ]) {
      expect(await verify(body, { ...headers, ...changed }, signature)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('rejects a signature made with another key under this kid', async () => {
    const forged = other.sign(body, headers).split('.');
    const header = key.sign(body, headers).split('.')[0];
    expect(await verify(body, headers, `${header}..${forged[2]}`)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects an unknown kid', async () => {
    const stranger = new SigningKey();
    expect(await verify(body, headers, stranger.sign(body, headers))).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('rejects a stale or future transmission time', async () => {
    const signature = key.sign(body, headers);
    expect(await verify(body, headers, signature, now + 301_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(await verify(body, headers, signature, now - 301_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects alg none, HS256 and an encoded payload', async () => {
    const signature = key.sign(body, headers).split('.')[2];
    for (const header of [
      { alg: 'none', b64: false, crit: ['b64'], kid: key.kid },
      { alg: 'HS256', b64: false, crit: ['b64'], kid: key.kid },
      { alg: 'RS256', kid: key.kid },
      { alg: 'RS256', b64: true, crit: ['b64'], kid: key.kid },
    ]) {
      const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
      expect(await verify(body, headers, `${encoded}..${signature}`)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('rejects a kid that is not a plain identifier, without looking it up', async () => {
    let asked = false;
    const encoded = Buffer.from(
      JSON.stringify({ alg: 'RS256', b64: false, crit: ['b64'], kid: '../../admin' }),
    ).toString('base64url');
    const result = await verifyWebhookSignature(body, headers, `${encoded}..AAAA`, {
      keys: async () => {
        asked = true;
        return undefined;
      },
      maxSkewMs: 300_000,
      now,
    });
    expect(result).toEqual({ ok: false, reason: 'malformed' });
    expect(asked).toBe(false);
  });

  it('rejects a key that is not RSA (key confusion)', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const result = await verifyWebhookSignature(body, headers, key.sign(body, headers), {
      keys: async () => publicKey,
      maxSkewMs: 300_000,
      now,
    });
    expect(result).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('rejects compact serialisation with an attached payload and garbage', async () => {
    const [h, , s] = key.sign(body, headers).split('.');
    expect((await verify(body, headers, `${h}.eyJ4IjoxfQ.${s}`)).ok).toBe(false);
    expect((await verify(body, headers, 'garbage')).ok).toBe(false);
    expect((await verify(body, headers, '..')).ok).toBe(false);
  });
});
