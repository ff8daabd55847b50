/** A V8 CPU profile as Chromium's and Node's profilers write it (`.cpuprofile`). */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** µs of samples per node id, within [from, to) µs from the profile's start. */
export function selfTimes(profile: Profile, from = 0, to = Number.POSITIVE_INFINITY) {
  const selfUs = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const spent = profile.timeDeltas[i + 1] ?? 0;
    if (at >= from && at < to) selfUs.set(id, (selfUs.get(id) ?? 0) + spent);
  });
  return selfUs;
}

/** µs of self time per key of a node (its function, its file…), idle left out. */
export function tally(
  profile: Profile,
  selfUs: Map<number, number>,
  key: (node: ProfileNode) => string,
): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = nodes.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const name = key(node);
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return totals;
}

/** The largest entries, as lines of share of `busyUs`, ms, and name. */
export function topLines(totals: Map<string, number>, busyUs: number, top: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([name, us]) =>
        `${((100 * us) / busyUs).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(1).padStart(6)} ms  ${name}`,
    );
}
