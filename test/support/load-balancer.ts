import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * A tiny load balancer for tests, in front of several proxy instances as nginx
 * would be: round-robin, no sticky sessions, an instance that refuses the
 * connection is skipped (the request goes to the next), responses (event streams
 * included) are passed through as they come, unbuffered. When an instance dies
 * mid-response, the client's connection is cut too, as a real balancer's would be.
 */
export async function startLoadBalancer(initial: string[]) {
  const backends = [...initial];
  let next = 0;
  /** Which instance served which request: `METHOD path` per backend URL. */
  const served = new Map<string, string[]>();

  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    for (let tries = 0; tries < backends.length; tries++) {
      const backend = backends[next++ % backends.length]!;
      try {
        await pass(backend, request, body, response);
        const line = `${request.method} ${request.url}`;
        served.set(backend, [...(served.get(backend) ?? []), line]);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') break;
      }
    }
    if (!response.headersSent) response.writeHead(502).end();
  };

  const server: Server = createServer((request, response) => {
    forward(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    served,
    /** Requests each backend answered whose line matches. */
    count(backend: string, pattern: RegExp) {
      return (served.get(backend) ?? []).filter((line) => pattern.test(line)).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type LoadBalancer = Awaited<ReturnType<typeof startLoadBalancer>>;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves once the backend has answered with headers; rejects if it cannot be reached. */
function pass(backend: string, request: IncomingMessage, body: Buffer, response: ServerResponse) {
  const target = new URL(request.url ?? '/', backend);
  return new Promise<void>((resolve, reject) => {
    const outgoing = httpRequest(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (incoming) => {
        response.writeHead(incoming.statusCode ?? 502, incoming.headers);
        response.flushHeaders();
        incoming.on('data', (chunk: Buffer) => response.write(chunk));
        incoming.on('end', () => response.end());
        // The instance died mid-answer: the client must notice, not wait on a dead stream.
        incoming.on('aborted', () => response.destroy());
        incoming.on('error', () => response.destroy());
        resolve();
      },
    );
    outgoing.on('error', (error) => {
      if (response.headersSent) response.destroy();
      else reject(error);
    });
    response.on('close', () => outgoing.destroy());
    outgoing.end(body);
  });
}
