import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Attachment } from '../../protocol/events.js';
import type {
  CreateConversationRequest,
  SendMessageRequest,
  SendMessageResponse,
} from '../../protocol/widget-api.js';
import type { OutboxConfig } from '../config.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { appendKey, valueKey } from '../store/keys.js';
import type { OutboxMessage, Session, Store } from '../store/store.js';
import { parseStored } from '../stored-json.js';
import {
  type AttachmentContent,
  type ContactCenter,
  type NewUpstreamConversation,
  UpstreamError,
  type UpstreamEvents,
  type UpstreamFile,
} from '../upstream/contact-center.js';
import { type AgentDirectory, withAgentIdentity } from './agent-directory.js';
import { EventRecorder } from './event-recorder.js';
import { type Delivery, OutboxWorker } from './outbox-worker.js';
import { OwnSends, rememberingOwnSends } from './own-sends.js';
import { type QueueWaitSource, QueueWaits } from './queue-waits.js';
import { markRead } from './read-receipts.js';
import { WebhookIntake } from './webhook-intake.js';

/** The outbox's retries when the caller does not choose (the configuration's defaults). */
const DEFAULT_OUTBOX: OutboxConfig = { retryBaseMs: 1000, retryMaxMs: 60_000, giveUpMs: 600_000 };

/** How long an uploaded attachment waits for the message that sends it. */
const ATTACHMENT_TTL_SECONDS = 24 * 60 * 60;
/** 8x8's typing indicator times out by itself; telling it more often than this is noise. */
const TYPING_INTERVAL_SECONDS = 3;
/**
 * How long a send waits for 8x8 before answering `pending`: delivery goes on, and
 * its outcome reaches the widget as a message-status event.
 */
const SEND_ANSWER_WITHIN_MS = 5000;
/**
 * How long after a create started a webhook for an unknown conversation waits
 * for it: 8x8 may call back before it answers. Later ones are kept instead
 * (early-events.ts) and applied when the create returns.
 */
const EARLY_WEBHOOK_WAIT_MS = 1000;

export class ConversationClosed extends Error {}

export type ReceiveResult = 'stored' | 'duplicate' | 'unknown-conversation';

/**
 * The domain: conversations between a visitor and 8x8. Every change is recorded
 * (EventRecorder): written to the event log first and published on the bus
 * second, so the log is the truth and streams can always catch up from it. The
 * methods that act on a conversation take its session as the caller has just
 * read it (to authorise the call), so a send reads it once.
 */
export class Relay {
  readonly #store: Store;
  readonly #contactCenter: ContactCenter;
  readonly #recorder: EventRecorder;
  /**
   * Creates waiting for 8x8's answer (each settles once its session has the
   * upstream id), by when they started: a webhook may arrive before we know the id.
   */
  readonly #creating = new Map<Promise<unknown>, number>();
  readonly #log: FastifyBaseLogger;
  /** Delivers the visitors' messages; start it once the proxy listens, stop it on shutdown. */
  readonly outbox: OutboxWorker;
  /** Takes what verified 8x8 webhooks say. */
  readonly webhooks: WebhookIntake;
  /** Tells queued visitors their queue's wait, when 8x8's statistics are configured. */
  readonly queueWaits: QueueWaits | undefined;
  readonly #agents: AgentDirectory;

  constructor(
    store: Store,
    contactCenter: ContactCenter,
    log: FastifyBaseLogger,
    options: {
      metrics?: Metrics;
      outbox?: OutboxConfig;
      queueWaits?: { source: QueueWaitSource; intervalMs: number };
      agents?: AgentDirectory;
    } = {},
  ) {
    this.#store = store;
    this.#contactCenter = contactCenter;
    this.#log = log;
    const metrics = options.metrics ?? createMetrics();
    this.#recorder = new EventRecorder(store, metrics);
    const ownSends = new OwnSends(store.values);
    this.outbox = new OutboxWorker({
      store,
      contactCenter: rememberingOwnSends(contactCenter, ownSends, log),
      log,
      metrics,
      options: options.outbox ?? DEFAULT_OUTBOX,
      recorder: this.#recorder,
    });
    this.#agents = options.agents ?? {};
    this.queueWaits =
      options.queueWaits &&
      new QueueWaits({
        ...options.queueWaits,
        values: store.values,
        recorder: this.#recorder,
        log,
      });
    this.webhooks = new WebhookIntake({
      sink: this,
      values: store.values,
      contactCenter,
      ownSends,
      log,
    });
  }

  /** `assignment`: the department's queue or script, instead of the configured one. */
  async start(
    request: CreateConversationRequest,
    assignment?: NewUpstreamConversation['assignment'],
  ): Promise<Session> {
    // What 8x8 knows the visitor by: random, so it says nothing about them.
    const visitorId = `parley-${randomBytes(12).toString('hex')}`;
    const session: Session = {
      conversationId: randomBytes(16).toString('base64url'),
      visitorId,
      createdAt: new Date().toISOString(),
      status: 'open',
      tokenVersion: 1,
    };
    await this.#store.sessions.create(session);
    await this.#recorder.record(session.conversationId, [
      { type: 'conversation', state: 'created' },
    ]);
    const creating = this.#contactCenter
      .createConversation({
        visitorId,
        visitor: request.visitor ?? {},
        ...(request.locale ? { locale: request.locale } : {}),
        variables: request.variables ?? {},
        ...(assignment ? { assignment } : {}),
      })
      .then(async ({ upstreamId }) => {
        await this.#store.sessions.update(session.conversationId, { upstreamId });
        return upstreamId;
      });
    this.#creating.set(creating, Date.now());
    try {
      const upstreamId = await creating;
      await this.#applyEarly(upstreamId);
      return { ...session, upstreamId };
    } catch (error) {
      await this.#store.sessions.update(session.conversationId, { status: 'closed' });
      throw error;
    } finally {
      this.#creating.delete(creating);
    }
  }

  /** What 8x8 said of the conversation before we knew its id; a failure here fails no create. */
  async #applyEarly(upstreamId: string) {
    await this.webhooks.applyEarly(upstreamId).catch((error: unknown) => {
      this.#log.error(
        { err: error, upstreamId },
        'applying the webhooks kept for a new chat failed',
      );
    });
  }

  /**
   * Takes the visitor's message into the outbox, once per client message id however
   * often it is asked, and tries to hand it to 8x8 at once. Answers where it stands:
   * sent, pending (8x8 could not take it yet, or an earlier message is still
   * waiting) or failed.
   */
  async send(session: Session, request: SendMessageRequest): Promise<SendMessageResponse> {
    const { conversationId } = session;
    const {
      clientMessageId,
      text = '',
      attachmentIds = [],
      quickReplyPayload,
      cardSubmit,
    } = request;
    const known = await this.#store.outbox.get(conversationId, clientMessageId);
    if (known) return this.#repeat(known);
    assertOpen(session);

    // Only attachments this conversation uploaded may be sent: an id from elsewhere is dropped.
    const attachments = await this.#attachments(conversationId, attachmentIds);
    await this.#recorder.record(
      conversationId,
      [
        {
          type: 'message',
          messageId: `visitor-${clientMessageId}`,
          role: 'visitor',
          text,
          attachments,
          clientMessageId,
          ...(cardSubmit ? { cardSubmit } : {}),
        },
      ],
      appendKey.visitorMessage(clientMessageId),
    );
    const now = Date.now();
    const added = await this.#store.outbox.add({
      conversationId,
      clientMessageId,
      text,
      attachmentIds: attachments.map((attachment) => attachment.id),
      ...(quickReplyPayload ? { quickReplyPayload } : {}),
      ...(cardSubmit ? { cardSubmit } : {}),
      createdAt: now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
    });
    if (!added.added) return answer(added.existing);
    const outcome = await within(SEND_ANSWER_WITHIN_MS, this.outbox.drain(conversationId, session));
    return answer({ clientMessageId, ...(outcome?.get(clientMessageId) ?? { status: 'pending' }) });
  }

  /** A repeat answers the first result, and logs its status again should a crash have lost it. */
  async #repeat(message: OutboxMessage): Promise<SendMessageResponse> {
    if (message.status !== 'pending') {
      await this.#recorder.status(
        message.conversationId,
        message.clientMessageId,
        message.status,
        message.reason,
      );
    }
    return answer(message);
  }

  /** The visitor is typing: tell 8x8, at most every few seconds per conversation. */
  async typing(session: Session): Promise<void> {
    assertOpen(session);
    if (!this.#contactCenter.features.typing || !session.upstreamId) return;
    const claim = await this.#store.values.setIfAbsent(
      valueKey.typing(session.conversationId),
      '1',
      TYPING_INTERVAL_SECONDS,
    );
    if (claim.first) await this.#contactCenter.sendTyping(session.upstreamId);
  }

  /** The visitor has seen the conversation up to this event: a read receipt to 8x8. */
  async read(session: Session, lastReadEventId: number): Promise<void> {
    assertOpen(session);
    await markRead(this.#store, this.#contactCenter, session, lastReadEventId);
  }

  /** Uploads a visitor's file to 8x8; a later message sends it by id. */
  async upload(session: Session, file: UpstreamFile): Promise<Attachment> {
    assertOpen(session);
    if (!session.upstreamId)
      throw new UpstreamError('8x8 never confirmed this conversation', undefined, false);
    const { id } = await this.#contactCenter.uploadAttachment(session.upstreamId, file);
    const attachment: Attachment = {
      id,
      name: file.name,
      kind: kindOf(file.contentType),
      sizeInBytes: file.data.byteLength,
    };
    await this.#store.values.set(
      valueKey.attachment(session.conversationId, id),
      JSON.stringify(attachment),
      ATTACHMENT_TTL_SECONDS,
    );
    return attachment;
  }

  /** The metadata of attachments this conversation uploaded; unknown ids are dropped. */
  async #attachments(conversationId: string, ids: string[]): Promise<Attachment[]> {
    const found: Attachment[] = [];
    for (const id of ids) {
      const value = await this.#store.values.get(valueKey.attachment(conversationId, id));
      if (value) found.push(parseStored(Attachment, value, `attachment ${id}`));
    }
    return found;
  }

  /**
   * An attachment of this conversation (an agent's or the visitor's), as 8x8
   * serves it now: its pre-signed URL may have expired, the content endpoint
   * has not. A 404 UpstreamError when 8x8 has no such attachment here.
   */
  openAttachment(session: Session, attachmentId: string): Promise<AttachmentContent> {
    if (!session.upstreamId) {
      return Promise.reject(new UpstreamError('8x8 never confirmed this conversation', 404, false));
    }
    return this.#contactCenter.openAttachment(session.upstreamId, attachmentId);
  }

  /** The visitor ends the chat. Closing twice is fine. */
  async close(session: Session): Promise<void> {
    if (session.status === 'closed') return;
    const { conversationId } = session;
    this.queueWaits?.unwatch(conversationId);
    await this.#store.sessions.update(conversationId, { status: 'closed' });
    await this.#recorder.record(conversationId, [{ type: 'conversation', state: 'closed' }]);
    await this.outbox.failPending(
      conversationId,
      'The chat ended before the contact center could take this message.',
    );
    if (session.upstreamId) await this.#contactCenter.leave(session.upstreamId);
  }

  /**
   * The visitor asked for their data to be deleted: forget it first (so what 8x8
   * says of the chat from now on finds no conversation and is dropped), then
   * leave the chat at 8x8 if it is still open.
   */
  async forget(session: Session): Promise<void> {
    await this.#store.forget(session.conversationId);
    if (session.status === 'open' && session.upstreamId) {
      await this.#contactCenter.leave(session.upstreamId).catch((error: unknown) => {
        // The data is gone either way; 8x8 ends idle chats on its own.
        this.#log.warn({ err: error }, 'telling 8x8 the visitor left failed');
      });
    }
  }

  /** Stores what a verified 8x8 webhook says, once per 8x8 event id. */
  async receive(upstream: UpstreamEvents, eventId: string): Promise<ReceiveResult> {
    const session = await this.#findByUpstreamId(upstream.upstreamId);
    if (!session) return 'unknown-conversation';
    if (upstream.events.length === 0) return 'stored';
    const appended = await this.#recorder.recordUpstream(
      session.conversationId,
      upstream.events.map((event) => withAgentIdentity(this.#agents, event)),
      eventId,
    );
    if (appended.length === 0) return 'duplicate';
    const queueId = lastQueueId(upstream.events);
    if (queueId && queueId !== session.queueId) {
      await this.#store.sessions.update(session.conversationId, { queueId });
    }
    await this.#followQueue(session.conversationId, upstream.events);
    return 'stored';
  }

  /** Queued: the visitor hears the queue's wait until an agent joins or the chat moves on. */
  async #followQueue(conversationId: string, events: UpstreamEvents['events']) {
    if (!this.queueWaits) return;
    const last = events.findLast(
      (event) =>
        event.type === 'conversation' || (event.type === 'participant' && event.role === 'agent'),
    );
    if (!last) return;
    if (last.type === 'conversation' && last.state === 'queued' && last.queueId) {
      await this.queueWaits.watch(conversationId, last.queueId).catch((error: unknown) => {
        this.#log.warn({ err: error, conversationId }, 'telling a queued visitor the wait failed');
      });
    } else if (last.type !== 'conversation' || last.state !== 'queued') {
      this.queueWaits.unwatch(conversationId);
    }
  }

  async #findByUpstreamId(upstreamId: string) {
    const session = await this.#store.sessions.findByUpstreamId(upstreamId);
    if (session || this.#creating.size === 0) return session;
    // 8x8 can call back before it has answered our create call: a recent create
    // of this instance is waited for a moment (what comes later is kept instead).
    const now = Date.now();
    const recent = [...this.#creating].map(([creating, startedAt]) =>
      within(
        startedAt + EARLY_WEBHOOK_WAIT_MS - now,
        creating.catch(() => undefined),
      ),
    );
    await Promise.all(recent);
    return this.#store.sessions.findByUpstreamId(upstreamId);
  }
}

/** The queue a QUEUED event names, the session keeps it for wait estimates. */
function lastQueueId(events: UpstreamEvents['events']): string | undefined {
  const queued = events.findLast((event) => event.type === 'conversation' && event.queueId);
  return queued?.type === 'conversation' ? queued.queueId : undefined;
}

function assertOpen(session: Session) {
  if (session.status === 'closed') throw new ConversationClosed(session.conversationId);
}

/** What `work` resolved to, or undefined after `ms`; the work goes on either way. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function answer(message: Delivery & { clientMessageId: string }): SendMessageResponse {
  return {
    clientMessageId: message.clientMessageId,
    status: message.status,
    ...(message.reason && message.status !== 'sent' ? { reason: message.reason } : {}),
  };
}

function kindOf(contentType: string): Attachment['kind'] {
  const top = contentType.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}
