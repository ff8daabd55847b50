import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type {
  Attachment,
  CreateConversationRequest,
  LoggedEvent,
  ParleyEvent,
  SendMessageRequest,
  SendMessageResponse,
} from '../protocol.js';
import type { Session, Store } from '../store/store.js';
import {
  type ContactCenter,
  UpstreamError,
  type UpstreamEvents,
  type UpstreamFile,
} from '../upstream/contact-center.js';

/** How long the result of a send is remembered for a repeat of the same client message id. */
const CLIENT_MESSAGE_TTL_SECONDS = 24 * 60 * 60;
/** How long an uploaded attachment waits for the message that sends it. */
const ATTACHMENT_TTL_SECONDS = 24 * 60 * 60;
/** 8x8's typing indicator times out by itself; telling it more often than this is noise. */
const TYPING_INTERVAL_MS = 3000;

export class ConversationNotFound extends Error {}
export class ConversationClosed extends Error {}

export type ReceiveResult = 'stored' | 'duplicate' | 'unknown-conversation';

/**
 * The domain: conversations between a visitor and 8x8. Every change is written to
 * the event log first and published on the bus second, so the log is the truth
 * and streams can always catch up from it.
 */
export class Relay {
  readonly #store: Store;
  readonly #contactCenter: ContactCenter;
  readonly #log: FastifyBaseLogger;
  /** Creates waiting for 8x8's answer: a webhook may arrive before we know the upstream id. */
  readonly #creating = new Set<Promise<unknown>>();
  /** When each conversation last told 8x8 the visitor is typing. */
  readonly #typingSentAt = new Map<string, number>();

  constructor(store: Store, contactCenter: ContactCenter, log: FastifyBaseLogger) {
    this.#store = store;
    this.#contactCenter = contactCenter;
    this.#log = log;
  }

  async start(request: CreateConversationRequest): Promise<Session> {
    const session: Session = {
      conversationId: randomBytes(16).toString('base64url'),
      createdAt: new Date().toISOString(),
      status: 'open',
      tokenVersion: 1,
    };
    await this.#store.sessions.create(session);
    await this.record(session.conversationId, [{ type: 'conversation', state: 'created' }]);
    const creating = this.#contactCenter.createConversation({
      visitor: request.visitor ?? {},
      ...(request.locale ? { locale: request.locale } : {}),
      variables: request.variables ?? {},
    });
    this.#creating.add(creating);
    try {
      const { upstreamId } = await creating;
      await this.#store.sessions.update(session.conversationId, { upstreamId });
      return { ...session, upstreamId };
    } catch (error) {
      await this.#store.sessions.update(session.conversationId, { status: 'closed' });
      throw error;
    } finally {
      this.#creating.delete(creating);
    }
  }

  async session(conversationId: string): Promise<Session> {
    const session = await this.#store.sessions.get(conversationId);
    if (!session) throw new ConversationNotFound(conversationId);
    return session;
  }

  /** Sends the visitor's message once per client message id, however often it is asked. */
  async send(conversationId: string, request: SendMessageRequest): Promise<SendMessageResponse> {
    const { clientMessageId, text = '', attachmentIds = [] } = request;
    const session = await this.#openSession(conversationId);
    const key = `message:${conversationId}:${clientMessageId}`;
    const claim = await this.#store.dedupe.claim(key, 'pending', CLIENT_MESSAGE_TTL_SECONDS);
    if (!claim.first)
      return { clientMessageId, status: claim.value as SendMessageResponse['status'] };

    // Only attachments this conversation uploaded may be sent: an id from elsewhere is dropped.
    const attachments = await this.#attachments(conversationId, attachmentIds);
    await this.record(conversationId, [
      {
        type: 'message',
        messageId: `visitor-${clientMessageId}`,
        role: 'visitor',
        text,
        attachments,
        clientMessageId,
      },
    ]);
    const status = await this.#deliver(session, clientMessageId, {
      text,
      attachmentIds: attachments.map((attachment) => attachment.id),
    });
    await this.#store.dedupe.settle(key, status, CLIENT_MESSAGE_TTL_SECONDS);
    return { clientMessageId, status };
  }

  async #deliver(
    session: Session,
    clientMessageId: string,
    message: { text: string; attachmentIds: string[] },
  ) {
    try {
      if (!session.upstreamId)
        throw new UpstreamError('8x8 never confirmed this conversation', undefined, false);
      await this.#contactCenter.sendMessage(session.upstreamId, message);
      await this.record(session.conversationId, [
        { type: 'message-status', clientMessageId, status: 'sent' },
      ]);
      return 'sent' as const;
    } catch (error) {
      const reason =
        error instanceof UpstreamError ? error.message : 'the message could not be sent';
      this.#log.warn({ conversationId: session.conversationId, err: error }, 'send to 8x8 failed');
      await this.record(session.conversationId, [
        { type: 'message-status', clientMessageId, status: 'failed', reason },
      ]);
      return 'failed' as const;
    }
  }

  /** The visitor is typing: tell 8x8, at most every few seconds per conversation. */
  async typing(conversationId: string): Promise<void> {
    const session = await this.#openSession(conversationId);
    if (!this.#contactCenter.features.typing || !session.upstreamId) return;
    const now = Date.now();
    if (now - (this.#typingSentAt.get(conversationId) ?? 0) < TYPING_INTERVAL_MS) return;
    this.#typingSentAt.set(conversationId, now);
    if (this.#typingSentAt.size > 10_000) this.#typingSentAt.clear();
    await this.#contactCenter.sendTyping(session.upstreamId);
  }

  /** Uploads a visitor's file to 8x8; a later message sends it by id. */
  async upload(conversationId: string, file: UpstreamFile): Promise<Attachment> {
    const session = await this.#openSession(conversationId);
    if (!session.upstreamId)
      throw new UpstreamError('8x8 never confirmed this conversation', undefined, false);
    const { id } = await this.#contactCenter.uploadAttachment(session.upstreamId, file);
    const attachment: Attachment = {
      id,
      name: file.name,
      kind: kindOf(file.contentType),
      sizeInBytes: file.data.byteLength,
    };
    await this.#store.dedupe.claim(
      `attachment:${conversationId}:${id}`,
      JSON.stringify(attachment),
      ATTACHMENT_TTL_SECONDS,
    );
    return attachment;
  }

  /** The metadata of attachments this conversation uploaded; unknown ids are dropped. */
  async #attachments(conversationId: string, ids: string[]): Promise<Attachment[]> {
    const found: Attachment[] = [];
    for (const id of ids) {
      const value = await this.#store.dedupe.get(`attachment:${conversationId}:${id}`);
      if (value) found.push(JSON.parse(value) as Attachment);
    }
    return found;
  }

  /** The visitor ends the chat. Closing twice is fine. */
  async close(conversationId: string): Promise<void> {
    const session = await this.session(conversationId);
    if (session.status === 'closed') return;
    await this.#store.sessions.update(conversationId, { status: 'closed' });
    await this.record(conversationId, [{ type: 'conversation', state: 'closed' }]);
    if (session.upstreamId) await this.#contactCenter.leave(session.upstreamId);
  }

  /** Stores what a verified 8x8 webhook says, once per 8x8 event id. */
  async receive(upstream: UpstreamEvents, eventId: string): Promise<ReceiveResult> {
    const session = await this.#findByUpstreamId(upstream.upstreamId);
    if (!session) return 'unknown-conversation';
    if (upstream.events.length === 0) return 'stored';
    const appended = await this.record(session.conversationId, upstream.events, `8x8:${eventId}`);
    return appended.length === 0 ? 'duplicate' : 'stored';
  }

  /** Log first, bus second. */
  async record(
    conversationId: string,
    events: ParleyEvent[],
    key?: string,
  ): Promise<LoggedEvent[]> {
    const appended = await this.#store.events.append(conversationId, events, key);
    for (const event of appended.events) this.#store.bus.publish(conversationId, event);
    return appended.events;
  }

  async #openSession(conversationId: string) {
    const session = await this.session(conversationId);
    if (session.status === 'closed') throw new ConversationClosed(conversationId);
    return session;
  }

  async #findByUpstreamId(upstreamId: string) {
    const session = await this.#store.sessions.findByUpstreamId(upstreamId);
    if (session || this.#creating.size === 0) return session;
    // 8x8 can call back before it has answered our create call.
    await Promise.allSettled([...this.#creating]);
    return this.#store.sessions.findByUpstreamId(upstreamId);
  }
}

function kindOf(contentType: string): Attachment['kind'] {
  const top = contentType.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}
