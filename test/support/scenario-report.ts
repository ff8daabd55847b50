/**
 * Counts and verdicts for the chaos and security scenarios. Every scenario
 * prints what it did and what it saw (sent, received, duplicated, lost,
 * reordered…) with PASS or FAIL, so a run is read from its output, not only
 * from the test runner's tick.
 */

export interface Tally {
  /** How many were expected (sent by the visitor or the agent). */
  sent: number;
  /** How many arrived, duplicates included. */
  received: number;
  duplicated: number;
  lost: number;
  /** Arrived ahead of one sent before it. */
  reordered: number;
  /** Arrived but never sent (must be 0). */
  foreign: number;
}

/** Compares what arrived with what was sent, in order. Items are compared by value. */
export function tally(sent: readonly string[], received: readonly string[]): Tally {
  const position = new Map(sent.map((item, index) => [item, index]));
  const unique = [...new Set(received)];
  const order = unique.flatMap((item) => {
    const at = position.get(item);
    return at === undefined ? [] : [at];
  });
  let highest = -1;
  let reordered = 0;
  for (const at of order) {
    if (at < highest) reordered++;
    highest = Math.max(highest, at);
  }
  const arrived = new Set(unique);
  return {
    sent: sent.length,
    received: received.length,
    duplicated: received.length - unique.length,
    lost: sent.filter((item) => !arrived.has(item)).length,
    reordered,
    foreign: unique.length - order.length,
  };
}

/** True when everything sent arrived exactly once, in order, and nothing else did. */
export function exact(counts: Tally): boolean {
  return (
    counts.duplicated === 0 && counts.lost === 0 && counts.reordered === 0 && counts.foreign === 0
  );
}

export type Figures = Record<string, number | string | boolean>;

/**
 * Prints one scenario's verdict and figures, and answers the verdict. Sections
 * are printed in the order given: `{ 'visitor → 8x8': tally, 'readiness': … }`.
 */
export function report(scenario: string, pass: boolean, sections: Record<string, Figures | Tally>) {
  const lines = [`\n[${pass ? 'PASS' : 'FAIL'}] ${scenario}`];
  for (const [name, figures] of Object.entries(sections)) {
    const values = Object.entries(figures)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    lines.push(`  ${name}: ${values}`);
  }
  console.log(lines.join('\n'));
  return pass;
}
