import { UpstreamError, type UpstreamMessage } from './contact-center.js';

/** A visitor-authored message as 8x8 lists it. */
export interface ListedMessage {
  text: string;
  attachmentIds: string[];
  /** Epoch ms; the legacy API's message list has no time. */
  createdAt?: number;
}

export interface SendOnceCalls {
  /** One POST of the message, no retries. */
  post(): Promise<void>;
  /** One read of every visitor-authored message 8x8 has in the conversation, no retries. */
  list(): Promise<ListedMessage[]>;
}

/** How far 8x8's clock may be from ours when we compare a message's time with our attempt's. */
const CLOCK_TOLERANCE_MS = 5000;
/** Conversations remembered; the oldest is forgotten (and re-read on its next send). */
const MAX_CONVERSATIONS = 10_000;

/** What we know 8x8 holds for one conversation. */
interface Ledger {
  /** Per content, how many visitor messages 8x8 has. */
  counts: Map<string, number>;
  /** Content whose last post failed in a way 8x8 may have acted on. */
  unresolved: Set<string>;
}

/**
 * Makes a retried send post a message at most once. A timeout, a broken
 * connection or a 500, 502 or 504 is ambiguous: 8x8 may have stored the
 * message (a 503 or 429 is not: 8x8 did not take the request). So after
 * such a failure, before posting again, we read the conversation's visitor
 * messages back and count those with the same content (text and attachments):
 * if 8x8 has one more than we knew of, our post landed and we stop.
 *
 * Each send() is one try (at most one read-back and one post); the caller
 * retries, and its next try does the read-back: the relay's outbox, whose
 * backoff is the one retry layer of a visitor's message.
 *
 * The count before our post comes from a per-conversation ledger: zero for a
 * conversation we created, otherwise read once from 8x8 at the first send. This
 * is exact while one sender at a time sends to a conversation, which the relay's
 * outbox guarantees (one conversation queue, in order). A retry that comes after
 * a restart (no ledger) carries `firstAttemptAt`: on the Chat Gateway, messages
 * created since then (less a clock tolerance) count as ours; the legacy API's
 * list has no times, so there a message with the same content counts as ours
 * (we would rather not repeat the visitor than say it twice).
 */
export class SentMessages {
  readonly #ledgers = new Map<string, Ledger>();

  /** The conversation was just created here: 8x8 has no visitor messages in it but its history. */
  started(upstreamId: string, history: { role: string; text: string }[] = []): void {
    const visitor = history
      .filter((item) => item.role === 'visitor')
      .map((item) => ({ text: item.text, attachmentIds: [] }));
    this.#remember(upstreamId, { counts: countByContent(visitor), unresolved: new Set() });
  }

  /** One try: settles an earlier ambiguous post if there was one, then posts unless it landed. */
  async send(upstreamId: string, message: UpstreamMessage, calls: SendOnceCalls): Promise<void> {
    const key = contentKey(message.text ?? '', message.attachmentIds ?? []);
    const ledger = this.#ledgers.get(upstreamId);
    if (!ledger) {
      if (await this.#baseline(upstreamId, key, calls, message.firstAttemptAt)) return;
    } else if (ledger.unresolved.has(key) && (await landed(ledger, key, calls))) {
      return;
    }
    await this.#post(upstreamId, key, calls);
  }

  async #post(upstreamId: string, key: string, calls: SendOnceCalls) {
    const ledger = this.#ledgers.get(upstreamId);
    try {
      await calls.post();
    } catch (error) {
      if (error instanceof UpstreamError && error.maybeProcessed) ledger?.unresolved.add(key);
      throw error;
    }
    if (!ledger) return;
    ledger.unresolved.delete(key);
    ledger.counts.set(key, (ledger.counts.get(key) ?? 0) + 1);
  }

  /**
   * Reads what 8x8 has, for a conversation this process knows nothing of. True
   * when the message is a retry (`firstAttemptAt`) whose earlier attempt landed.
   */
  async #baseline(
    upstreamId: string,
    key: string,
    calls: SendOnceCalls,
    firstAttemptAt: number | undefined,
  ): Promise<boolean> {
    const listed = await calls.list();
    const ledger: Ledger = { counts: countByContent(listed), unresolved: new Set() };
    this.#remember(upstreamId, ledger);
    if (firstAttemptAt === undefined) return false;
    const same = listed.filter((item) => contentKey(item.text, item.attachmentIds) === key);
    const before = same.every((item) => item.createdAt !== undefined)
      ? same.filter((item) => item.createdAt! < firstAttemptAt - CLOCK_TOLERANCE_MS).length
      : Math.max(0, same.length - 1);
    // The ledger already counts every copy 8x8 has, ours included if it landed.
    return same.length > before;
  }

  #remember(upstreamId: string, ledger: Ledger) {
    this.#ledgers.delete(upstreamId);
    this.#ledgers.set(upstreamId, ledger);
    if (this.#ledgers.size > MAX_CONVERSATIONS) {
      const oldest = this.#ledgers.keys().next().value;
      if (oldest !== undefined) this.#ledgers.delete(oldest);
    }
  }
}

/** Did an earlier, ambiguous post of this content reach 8x8? Settles the ledger either way. */
async function landed(ledger: Ledger, key: string, calls: SendOnceCalls): Promise<boolean> {
  const found = (await calls.list()).filter(
    (item) => contentKey(item.text, item.attachmentIds) === key,
  ).length;
  const known = ledger.counts.get(key) ?? 0;
  ledger.unresolved.delete(key);
  ledger.counts.set(key, Math.max(known, found));
  return found > known;
}

function contentKey(text: string, attachmentIds: string[]): string {
  return JSON.stringify([text, [...attachmentIds].sort()]);
}

function countByContent(messages: ListedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const key = contentKey(message.text, message.attachmentIds);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
