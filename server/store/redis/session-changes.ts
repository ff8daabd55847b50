import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CachedSessions } from '../cached-sessions.js';
import { shared } from './keys.js';

/** What a message says when every kept session is to be forgotten (after a sweep). */
const EVERYTHING = '*';

/**
 * How the instances on one Redis keep their CachedSessions true: each session
 * update is told on one channel (`<instance> <conversation id>`), and every other
 * instance forgets that session, so its next lookup reads Redis. A sweep tells
 * `*`: forget everything. While the subscription is down, messages may be missed:
 * once it is back, everything kept is forgotten.
 */
export class SessionChanges {
  readonly #instance = randomBytes(6).toString('base64url');
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  #cache: CachedSessions | undefined;
  #lost = false;

  constructor(publisher: Redis, subscriber: Redis) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === shared.sessionChanges) this.#heard(message);
    });
    subscriber.on('close', () => {
      this.#lost = true;
    });
    subscriber.on('ready', () => {
      if (this.#lost) void this.#resubscribe();
    });
  }

  /** Starts forgetting in `cache` what other instances change; resolves once subscribed. */
  async listen(cache: CachedSessions): Promise<void> {
    this.#cache = cache;
    await this.#subscriber.subscribe(shared.sessionChanges);
  }

  /** Tells the other instances that a session changed (or, with no id, all of them). */
  tell(conversationId: string = EVERYTHING): void {
    const message = `${this.#instance} ${conversationId}`;
    // Lost, the others see the change when their entry ages out (CachedSessions maxAgeMs).
    this.#publisher.publish(shared.sessionChanges, message).catch(() => {});
  }

  #heard(message: string) {
    const space = message.indexOf(' ');
    if (space < 0 || message.slice(0, space) === this.#instance) return;
    const conversationId = message.slice(space + 1);
    if (conversationId === EVERYTHING) this.#cache?.clear();
    else this.#cache?.forget(conversationId);
  }

  async #resubscribe() {
    this.#lost = false;
    this.#cache?.clear();
    await this.#subscriber.subscribe(shared.sessionChanges).catch(() => {
      // Lost again: the next 'ready' tries again.
    });
  }
}
