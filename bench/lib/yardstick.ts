import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Yardstick {
  /** RS256 (RSA-2048) signature verifications per second of one core's CPU time. */
  rs256VerifiesPerCpuSecond: number;
  /** The same per wall-clock second (lower when the machine is shared). */
  rs256VerifiesPerSecond: number;
}

/** CPU ms of this process's main thread (Linux schedstat: ns on a core). */
function mainThreadCpuMs(): number {
  return (
    Number(
      readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ')[0],
    ) / 1e6
  );
}

/**
 * A machine yardstick: what the proxy does once per webhook (verify 8x8's RS256
 * signature over a signing input of the same shape), as fast as one core can, so
 * that figures from two machines can be put side by side.
 */
export function measureYardstick(seconds = 2): Yardstick {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `eyJhbGciOiJSUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il0sImtpZCI6ImJlbmNoIn0.${JSON.stringify(
    {
      checksum: 123456789,
      cid: 'customer',
      eid: 'event-1',
      retry: 0,
      tid: 'tenant',
      tt: Date.now(),
    },
  )}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey);
  const verifyOnce = () => {
    if (!createVerify('RSA-SHA256').update(input).verify(publicKey, signature)) {
      throw new Error('the yardstick signature did not verify');
    }
  };
  for (let i = 0; i < 200; i++) verifyOnce();
  const cpuStart = mainThreadCpuMs();
  const wallStart = performance.now();
  let count = 0;
  while (performance.now() - wallStart < seconds * 1000) {
    for (let i = 0; i < 100; i++) verifyOnce();
    count += 100;
  }
  const cpuMs = mainThreadCpuMs() - cpuStart;
  const wallMs = performance.now() - wallStart;
  return {
    rs256VerifiesPerCpuSecond: Math.round((count * 1000) / cpuMs),
    rs256VerifiesPerSecond: Math.round((count * 1000) / wallMs),
  };
}
