import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the gate does with a call that matches the current fault. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Never answers: the caller's timeout fires. */
  | { kind: 'hang' };

export interface GateCall {
  method: string;
  path: string;
  /** The status the caller got, or 'hang'. */
  outcome: number | 'hang';
}

/**
 * An HTTP hop in front of the 8x8 simulator that can fail calls, so tests make
 * 8x8 unavailable on the real HTTP path: the proxy's adapter sees real 503s,
 * 429s with Retry-After and timeouts. With no fault it forwards everything.
 */
export async function startFaultGate(target: string) {
  let fault: { fault: Fault; matches: (method: string, path: string) => boolean } | undefined;
  const calls: GateCall[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    if (fault?.matches(method, path)) {
      const { fault: f } = fault;
      calls.push({ method, path, outcome: f.kind === 'hang' ? 'hang' : f.status });
      if (f.kind === 'hang') {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      response.writeHead(f.status, {
        'content-type': 'application/problem+json',
        ...(f.retryAfterSeconds !== undefined
          ? { 'retry-after': String(f.retryAfterSeconds) }
          : {}),
      });
      response.end(JSON.stringify({ message: 'Injected fault', errors: [] }));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'host' || name === 'content-length' || name === 'connection') continue;
      if (typeof value === 'string') headers.set(name, value);
    }
    const body = Buffer.concat(chunks);
    const upstream = await fetch(`${target}${path}`, {
      method,
      headers,
      ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    calls.push({ method, path, outcome: upstream.status });
    const type = upstream.headers.get('content-type');
    response.writeHead(upstream.status, type ? { 'content-type': type } : {});
    response.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** Fails the calls `matches` picks (all by default) until `heal()`. */
    fail(f: Fault, matches: (method: string, path: string) => boolean = () => true) {
      fault = { fault: f, matches };
    },
    heal() {
      fault = undefined;
      for (const response of hanging) response.destroy();
    },
    async close() {
      this.heal();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type FaultGate = Awaited<ReturnType<typeof startFaultGate>>;
