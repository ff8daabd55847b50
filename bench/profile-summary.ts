import { readFileSync } from 'node:fs';
import { type Profile, type ProfileNode, selfTimes, tally, topLines } from './lib/cpu-profile.js';

/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [--from=s] [--to=s] [--top=n]`:
 * where a proxy's CPU went, from a V8 profile that BENCH_CPU_PROF=1 wrote. Shares are
 * of the busy time (idle excluded), by self time (the function itself, native code it
 * calls included) and inclusive (with its callees). --from/--to keep the samples of a
 * window, in seconds from the profile's start (e.g. the measured steps, not the start-up).
 */
const [file, ...flags] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--from=s] [--to=s]');
const flag = (name: string, fallback: number) =>
  Number(flags.find((f) => f.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const from = flag('from', 0) * 1e6;
const to = flag('to', Number.POSITIVE_INFINITY) * 1e6;
const top = flag('top', 25);

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parents.set(child, node.id);

const selfUs = selfTimes(profile, from, to);

const where = (node: ProfileNode) =>
  node.callFrame.url
    .replace(/^file:\/\/.*?node_modules\//, '')
    .replace(/^file:\/\/.*?\/dist\/server\//, 'server/');
const label = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${where(node)}:${node.callFrame.lineNumber + 1}`;
const area = (node: ProfileNode) => {
  const url = node.callFrame.url;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/server/')) return `parley ${url.split('/dist/server/')[1]}`;
  return url || node.callFrame.functionName;
};

const idle = [...selfUs].filter(([id]) => nodes.get(id)!.callFrame.functionName === '(idle)');
const busy =
  [...selfUs.values()].reduce((a, b) => a + b, 0) - idle.reduce((a, [, us]) => a + us, 0);

function print(title: string, totals: Map<string, number>) {
  console.log(`\n${title}`);
  for (const line of topLines(totals, busy, top)) console.log(line);
}

const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let node: number | undefined = id; node !== undefined; node = parents.get(node)) {
    const name = label(nodes.get(node)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
// Only our own code inclusive: what each part of the proxy costs with what it calls.
const ours = new Map([...inclusive].filter(([name]) => name.includes(' server/')));

console.log(`busy ${(busy / 1000).toFixed(0)} ms (idle excluded)`);
print('self time by package or file:', tally(profile, selfUs, area));
print('self time by function:', tally(profile, selfUs, label));
print("inclusive time of the proxy's own functions:", ours);
