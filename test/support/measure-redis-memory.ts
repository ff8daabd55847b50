import { Redis } from 'ioredis';
import type { ParleyEvent } from '../../protocol/events.js';
import { openRedisStore } from '../../server/store/redis/redis-store.js';
import { startRedisServer } from './redis-server.js';

/**
 * Measures what a conversation costs in Redis (used_memory before and after),
 * for docs/scaling.md: `npx tsx test/support/measure-redis-memory.ts [conversations] [messages]`.
 * Each conversation is a session, its 8x8 id, the opening events, an agent
 * joining, `messages` messages of ~80 characters alternating visitor and agent
 * (the visitor's through the outbox), and a typing event per message.
 */
const CONVERSATIONS = Number(process.argv[2] ?? 1000);
const MESSAGES = Number(process.argv[3] ?? 40);
const TEXT = 'Thanks, I can see the order. It left our warehouse this morning and is on its way.';

const server = await startRedisServer();
const admin = new Redis(server.url);
const store = await openRedisStore(server.url, {
  maxEventsPerConversation: 5000,
  maxEventAgeMs: 30 * 24 * 3600_000,
  keepSettledMessagesMs: 24 * 3600_000,
});
const used = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
const before = await used();

for (let c = 0; c < CONVERSATIONS; c++) {
  const id = `c${c.toString(36).padStart(12, '0')}xxxxxxxx`;
  await store.sessions.create({
    conversationId: id,
    createdAt: new Date().toISOString(),
    status: 'open',
    tokenVersion: 1,
  });
  await store.sessions.update(id, { upstreamId: `8x8-${id}-0000-0000` });
  const opening: ParleyEvent[] = [
    { type: 'conversation', state: 'queued', queueName: 'Support' },
    {
      type: 'participant',
      change: 'joined',
      role: 'agent',
      participantId: 'agent-7',
      name: 'Alex',
    },
  ];
  for (const [n, event] of opening.entries())
    await store.events.append(id, [event], `e-${id}-${n}`);
  for (let m = 0; m < MESSAGES; m++) {
    const visitor = m % 2 === 0;
    if (visitor) {
      await store.outbox.add({
        conversationId: id,
        clientMessageId: `cm-${m}-abcdefgh`,
        text: TEXT,
        attachmentIds: [],
        createdAt: Date.now(),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: Date.now(),
      });
      await store.outbox.settle(id, `cm-${m}-abcdefgh`, { status: 'sent', attempts: 1 });
    }
    await store.events.append(
      id,
      [
        { type: 'typing', role: visitor ? 'visitor' : 'agent', typing: false },
        {
          type: 'message',
          messageId: `msg-${m}-0123456789abcdef`,
          role: visitor ? 'visitor' : 'agent',
          ...(visitor ? { clientMessageId: `cm-${m}-abcdefgh` } : { authorName: 'Alex' }),
          text: TEXT,
          attachments: [],
        },
      ],
      `e-${id}-m${m}`,
    );
  }
}

const perConversation = ((await used()) - before) / CONVERSATIONS;
console.log(
  `${CONVERSATIONS} conversations of ${MESSAGES} messages: ${Math.round(perConversation)} bytes each (${(perConversation / 1024).toFixed(1)} KiB)`,
);
await store.close();
await admin.quit();
await server.stop();
