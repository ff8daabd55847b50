import { benchRelay } from './relay.js';

const env = {
  RATE_LIMIT_CREATE_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_CONVERSATION: 'off',
  RATE_LIMIT_TYPING_PER_IP: 'off',
  RATE_LIMIT_TYPING_PER_CONVERSATION: 'off',
  STREAMS_PER_IP: '100000',
  STREAMS_PER_INSTANCE: '100000',
};
const redis = process.argv.includes('redis');
const streams = Number(process.argv.find((a) => a.startsWith('--streams='))?.slice(10) ?? 1000);
const rates = (process.argv.find((a) => a.startsWith('--rates='))?.slice(8) ?? '1000,2000')
  .split(',')
  .map(Number);
const r = await benchRelay({ streams, rates, secondsPerStep: 4, env, redis });
console.log(
  JSON.stringify(r.steps.map((s) => [s.targetRate, s.p50, s.p99, s.eventsPerSecond, s.lost])),
);
process.exit(0);
