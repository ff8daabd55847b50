import { readFileSync } from 'node:fs';

/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [--from=s] [--to=s] [--top=n]`:
 * where a proxy's CPU went, from a V8 profile that BENCH_CPU_PROF=1 wrote. Shares are
 * of the busy time (idle excluded), by self time (the function itself, native code it
 * calls included) and inclusive (with its callees). --from/--to keep the samples of a
 * window, in seconds from the profile's start (e.g. the measured steps, not the start-up).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

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

/** µs of samples per node, within the window. */
const selfUs = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  const spent = profile.timeDeltas[i + 1] ?? 0;
  if (at >= from && at < to) selfUs.set(id, (selfUs.get(id) ?? 0) + spent);
});

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
  const sorted = [...totals].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [name, us] of sorted.slice(0, top)) {
    console.log(
      `${((100 * us) / busy).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    );
  }
}

const tally = (key: (node: ProfileNode) => string) => {
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const name = key(nodes.get(id)!);
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return totals;
};

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
print('self time by package or file:', tally(area));
print('self time by function:', tally(label));
print("inclusive time of the proxy's own functions:", ours);
