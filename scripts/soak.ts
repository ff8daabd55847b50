import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startProxyProcess } from '../test/support/proxy-process.js';
import { tally } from '../test/support/scenario-report.js';
import { startSimulated8x8 } from '../test/support/simulated-8x8.js';
import { WireVisitor } from '../test/support/wire-visitor.js';

/**
 * `npm run soak [-- --minutes 10 --visitors 20]`: a steady mixed load on a real
 * proxy process (its own SQLite file) and the 8x8 simulator: visitors with open
 * streams sending messages and typing, the agent answering by signed webhooks,
 * streams dropping and resuming, conversations ending and new ones starting.
 * Prints the figures and the proxy's RSS every 10 s; fails (exit 1) on any
 * error, any message lost or doubled, or memory that keeps growing.
 */

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    visitors: { type: 'string', default: '20' },
  },
});
const minutes = Number(values.minutes);
const visitorCount = Number(values.visitors);
if (!(minutes > 0) || !(visitorCount > 0)) {
  console.error('usage: npm run soak -- [--minutes 10] [--visitors 20]');
  process.exit(2);
}

const ORIGIN = 'https://soak.example';
const SAMPLE_MS = 10_000;
const upstream = await startSimulated8x8();
const dataDir = mkdtempSync(join(tmpdir(), 'parley-soak-'));
const proxy = await startProxyProcess({
  ...upstream.env(),
  PORT: '0',
  DATA_DIR: dataDir,
  ALLOWED_ORIGINS: ORIGIN,
  LOG_LEVEL: 'warn',
  // One load generator is one address: per-address limits would measure themselves.
  RATE_LIMIT_CREATE_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_IP: 'off',
  RATE_LIMIT_TYPING_PER_IP: 'off',
  STREAMS_PER_IP: '1000',
});
upstream.deliverTo(proxy.url);

interface Seat {
  visitor: WireVisitor;
  upstreamId: string;
  sent: string[];
  answers: string[];
}

const totals = {
  conversations: 0,
  visitorMessages: 0,
  agentMessages: 0,
  typing: 0,
  reconnects: 0,
  errors: 0,
};
const errors: string[] = [];
const ended: Seat[] = [];
const fail = (what: string) => (error: unknown) => {
  totals.errors++;
  if (errors.length < 20)
    errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
};

async function seat(n: number): Promise<Seat> {
  const visitor = await WireVisitor.start(proxy.url, ORIGIN, { visitor: { name: `soak-${n}` } });
  await visitor.connect();
  const upstreamId = [...upstream.simulator.conversations.values()].find(
    (conversation) => conversation.user.name === `soak-${n}`,
  )!.id;
  upstream.simulator.accept('agent-alex', upstreamId);
  totals.conversations++;
  return { visitor, upstreamId, sent: [], answers: [] };
}

let next = 0;
const seats = await Promise.all(Array.from({ length: visitorCount }, () => seat(next++)));

/** One step of one visitor: a message (answered by the agent), or typing. */
async function step(s: Seat) {
  if (Math.random() < 0.3) {
    const answer = await s.visitor.call('/typing', { typing: true });
    if (answer.status >= 300) throw new Error(`typing: ${answer.status}`);
    totals.typing++;
    return;
  }
  const text = `v${s.sent.length} ${s.visitor.conversationId}`;
  const { status, body } = await s.visitor.send(crypto.randomUUID(), text);
  if (status >= 300 || body.status === 'failed') throw new Error(`send: ${status} ${body.status}`);
  s.sent.push(text);
  totals.visitorMessages++;
  const reply = `a${s.answers.length} ${s.visitor.conversationId}`;
  s.answers.push(reply);
  upstream.simulator.agentMessage('agent-alex', s.upstreamId, reply);
  totals.agentMessages++;
}

async function rssMb() {
  const text = await (await fetch(`${proxy.url}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    rss: value('parley_process_resident_memory_bytes') / 2 ** 20,
    heap: value('parley_nodejs_heap_size_used_bytes') / 2 ** 20,
  };
}

const started = Date.now();
const deadline = started + minutes * 60_000;
const samples: { at: number; rss: number; heap: number }[] = [];
console.log(`soak: ${minutes} min, ${visitorCount} visitors, proxy ${proxy.url}`);
console.log('   t(s)  convs  v→8x8  8x8→v  typing  reconn  errors  streams  rss(MB)  heap(MB)');
const sample = async () => {
  const { rss, heap } = await rssMb();
  const at = Math.round((Date.now() - started) / 1000);
  samples.push({ at, rss, heap });
  const streams = seats.filter((s) => s.visitor.connected).length;
  const row = [
    at,
    totals.conversations,
    totals.visitorMessages,
    totals.agentMessages,
    totals.typing,
    totals.reconnects,
    totals.errors,
    streams,
  ]
    .map((value, i) => String(value).padStart(i === 0 ? 7 : 6))
    .join(' ');
  console.log(`${row}  ${rss.toFixed(1).padStart(7)}  ${heap.toFixed(1).padStart(8)}`);
};
await sample();
let nextSample = Date.now() + SAMPLE_MS;
let tick = 0;
while (Date.now() < deadline) {
  tick++;
  // Every visitor acts about every 4 s; each second a quarter of them.
  await Promise.all(
    seats.filter((_, i) => (i + tick) % 4 === 0).map((s) => step(s).catch(fail('step'))),
  );
  if (tick % 7 === 0) {
    // A visitor's network drops; the widget resumes after its last id.
    const s = seats[tick % seats.length]!;
    s.visitor.disconnect();
    await s.visitor.connect().catch(fail('reconnect'));
    totals.reconnects++;
  }
  if (tick % 15 === 0) {
    // A chat ends; a new visitor arrives.
    const i = tick % seats.length;
    const done = seats[i]!;
    ended.push(done);
    const closed = await done.visitor.call('/close', {}).catch(fail('close'));
    if (closed && closed.status >= 300) fail('close')(new Error(String(closed.status)));
    seats[i] = await seat(next++).catch((error) => {
      fail('new conversation')(error);
      return done;
    });
  }
  if (Date.now() >= nextSample) {
    await sample();
    nextSample += SAMPLE_MS;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

// Let the last messages arrive, then count what every visitor saw.
const everyone = [...new Set([...ended, ...seats])];
const settle = Date.now() + 30_000;
const delivered = () =>
  everyone.every(
    (s) =>
      s.visitor.messages('agent').length >= s.answers.length &&
      s.visitor.messages('visitor').length >= s.sent.length,
  );
for (const s of everyone)
  if (!s.visitor.connected) await s.visitor.connect().catch(fail('final reconnect'));
while (!delivered() && Date.now() < settle)
  await new Promise((resolve) => setTimeout(resolve, 200));
await sample();
const toVisitors = tally(
  everyone.flatMap((s) => s.answers),
  everyone.flatMap((s) => s.visitor.messages('agent')),
);
const toUpstream = tally(
  everyone.flatMap((s) => s.sent),
  everyone.flatMap((s) =>
    upstream.simulator
      .conversation(s.upstreamId)
      .messages.filter((m) => m.author.type === 'user')
      .map((m) => m.text),
  ),
);

// Growth: the last quarter's peak against the median after warm-up (the second quarter).
const quarter = Math.max(1, Math.floor(samples.length / 4));
const median = (list: number[]) =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const warm = median(samples.slice(quarter, 2 * quarter).map((s) => s.rss));
const lastPeak = Math.max(...samples.slice(-quarter).map((s) => s.rss));
const bounded = lastPeak <= warm * 1.25 + 20;
const clean =
  totals.errors === 0 &&
  toVisitors.lost + toVisitors.duplicated === 0 &&
  toUpstream.lost + toUpstream.duplicated === 0;
const pass = clean && bounded;

console.log(
  `\n[${pass ? 'PASS' : 'FAIL'}] soak ${minutes} min, ${visitorCount} visitors at a time`,
);
console.log(
  `  load: ${totals.conversations} conversations, ${totals.visitorMessages} visitor messages, ${totals.agentMessages} agent messages, ${totals.typing} typing, ${totals.reconnects} stream reconnects`,
);
console.log(
  `  visitor → 8x8: sent ${toUpstream.sent}, lost ${toUpstream.lost}, duplicated ${toUpstream.duplicated}`,
);
console.log(
  `  8x8 → visitor: sent ${toVisitors.sent}, lost ${toVisitors.lost}, duplicated ${toVisitors.duplicated}`,
);
console.log(`  errors: ${totals.errors}${errors.length ? `\n    ${errors.join('\n    ')}` : ''}`);
console.log(
  `  rss: after warm-up ${warm.toFixed(1)} MB, last quarter peak ${lastPeak.toFixed(1)} MB (bound ${(warm * 1.25 + 20).toFixed(1)} MB)`,
);

for (const s of everyone) s.visitor.disconnect();
const code = await proxy.stop();
await upstream.close();
rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) console.log(`  the proxy exited with ${code} on SIGTERM`);
process.exit(pass && code === 0 ? 0 : 1);
