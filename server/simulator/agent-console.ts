import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PAGE_CSP } from '../http/security-headers.js';
import { SseStream } from '../http/sse-stream.js';
import { consoleDist } from '../paths.js';
import { CONSOLE_CARDS, type ConsoleCard, type ConsoleSnapshot } from './console-protocol.js';
import { type ContactCenterSimulator, SimulatorError } from './contact-center-simulator.js';
import { SAMPLE_CARDS, type SampleCardName } from './sample-cards.js';

/**
 * The simulator's agent console: the page at /agent and the JSON API it drives
 * (accept, reply, typing, transfer, leave, end), plus an SSE stream of the whole state.
 * It stands in for 8x8's Agent Workspace; it is not part of the proxy.
 */
export async function agentConsole(
  app: FastifyInstance,
  options: { simulator: ContactCenterSimulator },
) {
  const sim = options.simulator;
  if (existsSync(join(consoleDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDist, prefix: '/agent/', index: false });
    app.get('/agent', (_request, reply) => sendConsolePage(reply));
  } else {
    app.get('/agent', (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('The agent console is not built: run npm run build:widget.'),
    );
  }

  app.setErrorHandler((error, _request, reply) => {
    const status =
      error instanceof SimulatorError
        ? error.status
        : ((error as { statusCode?: number }).statusCode ?? 500);
    return reply
      .code(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: 'Agent console error',
        status,
        detail: (error as Error).message,
      });
  });

  app.get('/agent/api/state', async () => snapshot(sim));
  app.get('/agent/api/events', (request, reply) => {
    reply.hijack();
    const stream = new SseStream(reply.raw, {
      retryMs: 1000,
      heartbeatMs: 15_000,
      maxBufferedBytes: 4 * 1024 * 1024,
    });
    let queued = false;
    const push = () => {
      if (queued) return;
      queued = true;
      // Coalesce bursts of changes into one snapshot.
      setTimeout(() => {
        queued = false;
        stream.send('state', snapshot(sim));
      }, 20);
    };
    stream.send('state', snapshot(sim));
    sim.on('change', push);
    stream.onClose(() => sim.off('change', push));
    request.log.debug('agent console connected');
  });

  type Action = {
    Params: { id: string };
    Body: {
      agentId?: string;
      text?: string;
      typing?: boolean;
      queueId?: string;
      card?: ConsoleCard;
    };
  };
  const bodySchema = {
    type: 'object',
    required: ['agentId'],
    properties: {
      agentId: { type: 'string', maxLength: 100 },
      text: { type: 'string', minLength: 1, maxLength: 5000 },
      typing: { type: 'boolean' },
      queueId: { type: 'string', maxLength: 100 },
      card: { enum: CONSOLE_CARDS },
    },
  } as const;
  const action = (path: string, run: (agentId: string, id: string, body: Action['Body']) => void) =>
    app.post<Action>(
      `/agent/api/conversations/:id/${path}`,
      { schema: { body: bodySchema } },
      async (request, reply) => {
        run(request.body.agentId ?? '', request.params.id, request.body);
        return reply.code(204).send();
      },
    );

  action('accept', (agentId, id) => sim.accept(agentId, id));
  action('messages', (agentId, id, body) =>
    sim.agentMessage(agentId, id, requireField(body.text, 'text')),
  );
  // One of the sample cards (sample-cards.ts), with the text if any.
  action('cards', (agentId, id, body) => {
    const card = SAMPLE_CARDS[requireField(body.card, 'card') as SampleCardName];
    sim.agentMessage(
      agentId,
      id,
      body.text ?? '',
      [],
      [structuredClone(card) as Record<string, unknown>],
    );
  });
  action('typing', (agentId, id, body) => sim.agentTyping(agentId, id, body.typing === true));
  action('transfer', (agentId, id, body) =>
    sim.transfer(agentId, id, requireField(body.queueId, 'queueId')),
  );
  action('leave', (agentId, id) => sim.leave(agentId, id));
  action('end', (agentId, id) => sim.end(agentId, id));
}

/** With its CSP set here, not from its type: a reload's 304 (which has none) carries it too. */
function sendConsolePage(reply: FastifyReply) {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', PAGE_CSP)
    .sendFile('index.html', consoleDist);
}

function requireField(value: string | undefined, name: string): string {
  if (!value) throw new SimulatorError(400, `${name} is required.`);
  return value;
}

export function snapshot(sim: ContactCenterSimulator): ConsoleSnapshot {
  const queueName = (id: string) => sim.queues.find((queue) => queue.id === id)?.name ?? id;
  return {
    agents: sim.agents,
    queues: sim.queues,
    conversations: [...sim.conversations.values()].map((conversation) => ({
      id: conversation.id,
      state: conversation.state,
      queueId: conversation.queueId,
      queueName: queueName(conversation.queueId),
      api: conversation.api,
      waiting: conversation.waiting,
      ...(conversation.queuedAt ? { queuedAt: conversation.queuedAt } : {}),
      ...(conversation.agentId ? { agentId: conversation.agentId } : {}),
      ...(conversation.heldAgentId ? { heldAgentId: conversation.heldAgentId } : {}),
      visitor: {
        name: conversation.user.name,
        email: conversation.user.email,
        phone: conversation.user.phone,
        language: conversation.user.language,
        details: conversation.user.additionalProperties ?? [],
      },
      userTyping: conversation.userTyping,
      agentTyping: conversation.agentTyping,
      userRemoved: conversation.userRemoved,
      ...(conversation.userReadAt ? { userReadAt: conversation.userReadAt } : {}),
      createdAt: conversation.createdAt,
      messages: conversation.messages.map((message) => ({
        id: message.id,
        text: message.text,
        createdAt: message.createdAt,
        authorType: message.author.type,
        authorId: message.author.id,
        attachments: message.attachmentIds.map((id) => {
          const attachment = sim.attachment(conversation, id);
          return {
            id,
            name: attachment.filename,
            contentType: attachment.contentType,
            sizeInBytes: attachment.sizeInBytes,
            url: sim.preSignedUrl(conversation.id, id),
          };
        }),
        cards: message.cards.map((card) => ({
          contentType: String(card.contentType ?? 'application/vnd.microsoft.card.adaptive'),
          actionSubmitted: card.actionSubmitted === true,
        })),
      })),
      cardSubmits: conversation.cardSubmits,
    })),
  };
}
