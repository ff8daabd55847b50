import { Agent, request } from 'node:http';

/**
 * The load generator shared by every target (the relay and the baselines): publishes
 * made before a run, then POSTed at a fixed rate over warm keep-alive sockets. One
 * event per publish, to the channel the publish names.
 */
export interface PreparedPublish {
  eventId: string;
  /** The subscriber (stream) this event is for. */
  channel: number;
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

export interface SendResult {
  /** Answered 2xx. */
  acknowledged: number;
  refused: number;
  /** performance.now() at which each event was handed to the HTTP client, by event id. */
  sentAt: Map<string, number>;
  /** How long the target took to answer each publish, ms. */
  ackMs: number[];
  /**
   * How late the generator handed each publish over, against the schedule, ms. Large
   * values mean the generator (not the target) could not keep the pace.
   */
  lagMs: number[];
}

/** The caller's, so that its connections stay warm from one step to the next, as 8x8's do. */
export const publishAgent = () => new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Sends the publishes at `ratePerSecond`, paced against the clock. With several
 * instances, the publish for channel c goes to `ports[(c + 1) % ports.length]`: the
 * subscriber of channel c is on `ports[c % ports.length]`, so every event crosses
 * the instances' bus.
 */
export async function sendPublishes(
  ports: number[],
  publishes: PreparedPublish[],
  ratePerSecond: number,
  agent: Agent,
): Promise<SendResult> {
  const result: SendResult = {
    acknowledged: 0,
    refused: 0,
    sentAt: new Map(),
    ackMs: [],
    lagMs: [],
  };
  const start = performance.now();
  const done: Promise<void>[] = [];
  let next = 0;
  while (next < publishes.length) {
    const due = Math.min(
      publishes.length,
      Math.floor(((performance.now() - start) / 1000) * ratePerSecond) + 1,
    );
    while (next < due) {
      const index = next++;
      const sentAt = performance.now();
      result.lagMs.push(sentAt - (start + (index / ratePerSecond) * 1000));
      done.push(send(ports, publishes[index]!, agent, sentAt, result));
    }
    // Sleep until the next one is due: a busy wait would take the core the target needs.
    const nextDueMs = start + (next / ratePerSecond) * 1000 - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, nextDueMs)));
  }
  await Promise.all(done);
  return result;
}

function send(
  ports: number[],
  publish: PreparedPublish,
  agent: Agent,
  sentAt: number,
  result: SendResult,
): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: ports[(publish.channel + 1) % ports.length],
        method: 'POST',
        path: publish.path,
        agent,
        headers: publish.headers,
      },
      (res) => {
        result.ackMs.push(performance.now() - sentAt);
        const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        if (ok) result.acknowledged++;
        else result.refused++;
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', () => {
      result.refused++;
      resolve();
    });
    result.sentAt.set(publish.eventId, sentAt);
    req.end(publish.body);
  });
}

/**
 * The channel of each of `count` events, uniformly at random over `channels`, from a
 * fixed seed: every target gets the same sequence, and so does every run.
 */
export function randomChannels(count: number, channels: number, seed: number): number[] {
  let state = seed >>> 0;
  // mulberry32: small, fast, and good enough to spread load.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.floor(next() * channels));
}
