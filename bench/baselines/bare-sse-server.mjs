// The floor the relay is measured against: a bare node:http SSE fan-out with no
// verification, no storage and no framework. `POST /pub/<channel>` writes the body
// as one SSE frame to that channel's subscribers and answers 200; `GET /sub/<channel>`
// subscribes. Plain JavaScript run by `node` itself, like the built proxy, so that
// both processes pay the same runtime costs. Usage: node bare-sse-server.mjs <port>
import { createServer } from 'node:http';

const subscribers = new Map();
let nextId = 0;

const server = createServer((req, res) => {
  const [, kind, channel] = req.url.split('/');
  if (req.method === 'GET' && kind === 'sub' && channel) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    let set = subscribers.get(channel);
    if (!set) {
      set = new Set();
      subscribers.set(channel, set);
    }
    set.add(res);
    res.on('close', () => set.delete(res));
    return;
  }
  if (req.method === 'POST' && kind === 'pub' && channel) {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const frame = `id: ${++nextId}\nevent: message\ndata: ${Buffer.concat(chunks).toString('utf8')}\n\n`;
      for (const subscriber of subscribers.get(channel) ?? []) subscriber.write(frame);
      res.writeHead(200, { 'content-length': '0' }).end();
    });
    return;
  }
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-length': '2' }).end('ok');
    return;
  }
  res.writeHead(404, { 'content-length': '0' }).end();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
