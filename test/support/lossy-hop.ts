import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP hop between 8x8 and the proxy's webhook that forwards every delivery
 * and, while `loseAcks` is above zero, throws the proxy's answer away and tells
 * 8x8 503: the event was stored, but 8x8 does not know and retries it (with
 * x-8x8-retry incremented), as after a network cut on the way back.
 */
export async function startLossyHop(target: string) {
  let loseAcks = 0;
  let forwarded = 0;
  const signatures: string[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const signature = request.headers['x-8x8-signature'];
    if (typeof signature === 'string') signatures.push(signature);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
        headers.set(name, value);
    }
    const answer = await fetch(`${target}${request.url ?? '/'}`, {
      method: request.method ?? 'POST',
      headers,
      body: new Uint8Array(Buffer.concat(chunks)),
    });
    await answer.arrayBuffer();
    forwarded++;
    const lost = answer.ok && loseAcks > 0;
    if (lost) loseAcks--;
    response.writeHead(lost ? 503 : answer.status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every x-8x8-signature that went through (secrets-scan tests look for them). */
    signatures,
    get forwarded() {
      return forwarded;
    },
    /** The proxy's next `count` 2xx answers never reach 8x8. */
    loseAcks(count: number) {
      loseAcks = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
