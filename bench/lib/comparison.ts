import type { BaselineResult } from '../baselines.js';
import type { LadderResult } from './fanout-ladder.js';
import type { Yardstick } from './yardstick.js';

/**
 * The relay's figures as ratios to the baselines measured in the same run with the
 * same load generator: unlike the figures themselves, these carry over between machines.
 */
export interface Comparison {
  streams: number;
  /** The rate at which CPU per event is compared (the first step: every target ran it). */
  rate: number;
  /** Some of the compared steps ran while other processes used the machine. */
  disturbed: boolean;
  cpuUsPerEvent: { relay: number; bareNode: number; nchan?: number };
  relayCpuPerEvent: { toBareNode: number; toNchan?: number };
  maxRateWithin20ms: { relay: number; bareNode: number; nchan?: number };
  /** µs of one core per RS256 verification (the yardstick), for scale. */
  rs256VerifyUs: number;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export function compare(
  relay: LadderResult,
  bareNode: LadderResult,
  nchan: BaselineResult,
  yardstick: Yardstick,
): Comparison {
  const rate = relay.steps[0]!.targetRate;
  // A disturbed step is tried again: the last try at the first rate is the one that counts.
  const first = (ladder: LadderResult) =>
    ladder.steps.filter((step) => step.targetRate === rate).at(-1)!;
  const peer = 'steps' in nchan ? nchan : undefined;
  const compared = [relay, bareNode, ...(peer ? [peer] : [])].map(first);
  return {
    streams: relay.streams,
    rate,
    disturbed: compared.some((step) => step.disturbed),
    cpuUsPerEvent: {
      relay: first(relay).cpuUsPerEvent,
      bareNode: first(bareNode).cpuUsPerEvent,
      ...(peer ? { nchan: first(peer).cpuUsPerEvent } : {}),
    },
    relayCpuPerEvent: {
      toBareNode: ratio(first(relay).cpuUsPerEvent, first(bareNode).cpuUsPerEvent),
      ...(peer ? { toNchan: ratio(first(relay).cpuUsPerEvent, first(peer).cpuUsPerEvent) } : {}),
    },
    maxRateWithin20ms: {
      relay: relay.maxRateWithin20ms,
      bareNode: bareNode.maxRateWithin20ms,
      ...(peer ? { nchan: peer.maxRateWithin20ms } : {}),
    },
    rs256VerifyUs: Math.round((1e6 / yardstick.rs256VerifiesPerCpuSecond) * 10) / 10,
  };
}

export function printComparison(c: Comparison, yardstick: Yardstick) {
  const n = (x: number) => x.toLocaleString('en-US');
  const cpu = c.cpuUsPerEvent;
  const nchanCpu =
    cpu.nchan === undefined ? '' : `, ${c.relayCpuPerEvent.toNchan}× nchan (${cpu.nchan} µs)`;
  const rates = c.maxRateWithin20ms;
  const against = (theirs: number, name: string) =>
    `${theirs > 0 ? `${ratio(rates.relay, theirs)}× ` : ''}${name}'s ${n(theirs)}/s`;
  const peers = [against(rates.bareNode, 'bare node')];
  if (rates.nchan !== undefined) peers.push(against(rates.nchan, 'nchan'));
  console.log(
    `\nrelay against the baselines, ${n(c.streams)} streams, same run, same load generator:`,
  );
  console.log(
    `  CPU per relayed event at ${n(c.rate)}/s: relay ${cpu.relay} µs = ${c.relayCpuPerEvent.toBareNode}× bare node (${cpu.bareNode} µs)${nchanCpu}`,
  );
  console.log(`  highest rate with p99 ≤ 20 ms: relay ${n(rates.relay)}/s (${peers.join(', ')})`);
  if (c.disturbed) {
    console.log('  DISTURBED: other processes used the machine during a compared step');
  }
  console.log(
    `  yardstick: ${n(yardstick.rs256VerifiesPerCpuSecond)} RS256 verifies per CPU second on one core (${c.rs256VerifyUs} µs each; ${n(yardstick.rs256VerifiesPerSecond)}/s of wall time)`,
  );
}
