import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Static, Type } from 'typebox';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import { parseStored } from '../stored-json.js';
import type { PostedContent } from '../upstream/chat-gateway-events.js';
import type { ContactCenter } from '../upstream/contact-center.js';

/** How long a post is remembered: its echo comes within seconds, 8x8's retries later. */
const WINDOW_MS = 10 * 60 * 1000;
/** Posts remembered per conversation; the oldest go first. */
const MAX_POSTS = 50;

const Posts = Type.Array(
  Type.Object({
    /** A hash of the content (text and number of attachments). */
    content: Type.String(),
    /** Epoch ms of the post. */
    at: Type.Number(),
    /** The webhook event recognised as this post's echo, once one was. */
    echo: Type.Optional(Type.String()),
  }),
);
type Posts = Static<typeof Posts>;

/**
 * What the proxy posted to each 8x8 conversation in the last minutes, kept in
 * the store every instance shares (the echo may reach another instance than the
 * one that posted): so that an echo which does not say it is the visitor's
 * (chat-gateway-events.ts, `ownEcho`) is recognised. Each post is recognised in
 * at most one echo, so an agent who writes the same words after the visitor
 * is still shown; the same echo delivered again is recognised again.
 */
export class OwnSends {
  readonly #values: ExpiringValues;

  constructor(values: ExpiringValues) {
    this.#values = values;
  }

  /** The proxy is about to post this content (the echo may come before 8x8's answer). */
  async posting(upstreamId: string, content: PostedContent, now = Date.now()): Promise<void> {
    const posts = (await this.#read(upstreamId, now)).slice(-(MAX_POSTS - 1));
    posts.push({ content: hash(content), at: now });
    await this.#write(upstreamId, posts);
  }

  /** Is this echo (by its 8x8 event id) one of the proxy's posts? Marks the post as echoed. */
  async isOwn(upstreamId: string, content: PostedContent, eventId: string): Promise<boolean> {
    const posts = await this.#read(upstreamId, Date.now());
    if (posts.some((post) => post.echo === eventId)) return true;
    const key = hash(content);
    const post = posts.find((candidate) => candidate.content === key && !candidate.echo);
    if (!post) return false;
    post.echo = eventId;
    await this.#write(upstreamId, posts);
    return true;
  }

  async #read(upstreamId: string, now: number): Promise<Posts> {
    const value = await this.#values.get(valueKey.ownSends(upstreamId));
    if (!value) return [];
    try {
      const posts = parseStored(Posts, value, 'the posts of a conversation');
      return posts.filter((post) => post.at > now - WINDOW_MS);
    } catch {
      return []; // unreadable: at worst an echo is shown as the agent's
    }
  }

  #write(upstreamId: string, posts: Posts) {
    return this.#values.set(
      valueKey.ownSends(upstreamId),
      JSON.stringify(posts),
      Math.ceil(WINDOW_MS / 1000),
    );
  }
}

function hash(content: PostedContent): string {
  return createHash('sha256')
    .update(JSON.stringify([content.text, content.attachments]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The contact center, with each first try of a visitor's message remembered in
 * `own` before it goes (a retry's post is the same message: its echo is one).
 * A failure to remember is logged and the message still goes.
 */
export function rememberingOwnSends(
  target: ContactCenter,
  own: OwnSends,
  log: FastifyBaseLogger,
): ContactCenter {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'sendMessage') return value.bind(object);
      return async (...args: Parameters<ContactCenter['sendMessage']>) => {
        const [upstreamId, message] = args;
        if (message.firstAttemptAt === undefined) {
          const content = {
            text: message.text ?? '',
            attachments: message.attachmentIds?.length ?? 0,
          };
          await own.posting(upstreamId, content).catch((error: unknown) => {
            log.warn({ err: error }, 'could not remember a post; its echo may show as the agent’s');
          });
        }
        return object.sendMessage(...args);
      };
    },
  });
}
