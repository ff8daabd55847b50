import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findNchan, startNchan } from './baselines/nchan.js';
import { stopChild, waitForHealth } from './lib/child-process.js';
import { type FanoutTarget, type LadderResult, runFanoutLadder } from './lib/fanout-ladder.js';
import { freePort } from './lib/free-port.js';
import { probeSetup, probing } from './lib/probe.js';
import type { PreparedPublish } from './lib/publish-load.js';
import type { SseEvent } from './lib/sse-clients.js';

export type BaselineResult = LadderResult | { skipped: string };

export interface BaselineOptions {
  streams: number;
  rates: number[];
  secondsPerStep: number;
  warmup: { rate: number; seconds: number };
}

/**
 * A bare node:http SSE fan-out (bench/baselines/bare-sse-server.mjs): what HTTP in and
 * SSE out cost on this machine with nothing else, the floor under the relay.
 */
export async function benchBareNode(options: BaselineOptions): Promise<LadderResult> {
  const port = await freePort();
  const probe = probeSetup();
  const server = fileURLToPath(new URL('./baselines/bare-sse-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [...probe.flags, server, String(port)], {
    env: { ...process.env, ...probe.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(port, child, 'the bare node server');
    return await runFanoutLadder(
      {
        ...plainPubSub([port], options.streams),
        pids: [child.pid!],
        ...(probing ? { probePid: child.pid! } : {}),
      },
      { ...options, label: `bare node, ${options.streams} streams` },
    );
  } finally {
    await stopChild(child);
  }
}

/** nchan (the nginx push module, in-memory buffer), when installed: a mature peer. */
export async function benchNchan(options: BaselineOptions): Promise<BaselineResult> {
  const found = findNchan();
  if (!found) {
    console.log('  nchan: not installed, skipped');
    return { skipped: 'not installed' };
  }
  const nchan = await startNchan(found, await freePort());
  try {
    return await runFanoutLadder(
      { ...plainPubSub([nchan.port], options.streams), pids: nchan.pids },
      { ...options, label: `nchan, ${options.streams} streams` },
    );
  } finally {
    await nchan.stop();
  }
}

/**
 * Both baselines speak the same tiny protocol: POST /pub/<channel> with the event as
 * the body, GET /sub/<channel> as EventSource; the frame's data is the body as posted.
 * The body is the relay's message event (what a visitor's stream carries), so the
 * frames are of a like size.
 */
function plainPubSub(ports: number[], channels: number): Omit<FanoutTarget, 'pids'> {
  return {
    ports,
    channels,
    subscribePath: (channel) => `/sub/c${channel}`,
    prepare: (list, prefix): PreparedPublish[] =>
      list.map((channel, n) => {
        const eventId = `${prefix}-${n}`;
        const body = Buffer.from(
          JSON.stringify({
            type: 'message',
            messageId: eventId,
            role: 'agent',
            text: `bench message ${n}`,
            attachments: [],
            id: n + 1,
            at: new Date().toISOString(),
          }),
        );
        return {
          eventId,
          channel,
          path: `/pub/c${channel}`,
          body,
          headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        };
      }),
    eventIdOf: (event: SseEvent) => {
      if (!event.data.startsWith('{')) return undefined;
      return (JSON.parse(event.data) as { messageId?: string }).messageId;
    },
  };
}
