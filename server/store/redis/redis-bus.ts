import type { Redis } from 'ioredis';
import { LoggedEvent } from '../../../protocol/events.js';
import { parseStored } from '../../stored-json.js';
import type { Bus } from '../store.js';

interface Subscriber {
  listener: (event: LoggedEvent) => void;
  missed?: (() => void) | undefined;
}

const channelOf = (conversationId: string) => `parley:{${conversationId}}:bus`;

/**
 * The bus over Redis pub/sub: one channel per conversation, subscribed while
 * this instance has a stream of it. Pub/sub delivers at most once, so the bus
 * tells its subscribers whenever they may have missed something (the channel
 * has just been subscribed; the connection came back after a loss), and they
 * read the log.
 */
export class RedisBus implements Bus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channels = new Map<string, Set<Subscriber>>();
  #lost = false;

  constructor(publisher: Redis, subscriber: Redis) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      const subscribers = this.#channels.get(channel);
      if (!subscribers) return;
      let event: LoggedEvent;
      try {
        event = parseStored(LoggedEvent, message, 'an event on the bus');
      } catch {
        // Not an event this version publishes: the readers' catch-up reads the log instead.
        for (const subscriber of subscribers) subscriber.missed?.();
        return;
      }
      for (const { listener } of subscribers) listener(event);
    });
    subscriber.on('close', () => {
      this.#lost = true;
    });
    subscriber.on('ready', () => {
      if (this.#lost) void this.#resubscribe();
    });
  }

  publish(conversationId: string, event: LoggedEvent): void {
    // The log has it already; a lost publish is made good by the readers' catch-up.
    this.#publisher.publish(channelOf(conversationId), JSON.stringify(event)).catch(() => {});
  }

  subscribe(
    conversationId: string,
    listener: (event: LoggedEvent) => void,
    missed?: () => void,
  ): () => void {
    const channel = channelOf(conversationId);
    let subscribers = this.#channels.get(channel);
    if (!subscribers) {
      subscribers = new Set();
      this.#channels.set(channel, subscribers);
    }
    const subscriber: Subscriber = missed ? { listener, missed } : { listener };
    subscribers.add(subscriber);
    // Until Redis confirms the subscription, events may pass unseen: read again once it has.
    this.#subscriber
      .subscribe(channel)
      .then(() => subscriber.missed?.())
      .catch(() => {}); // the connection is down: #resubscribe will do it
    return () => {
      subscribers.delete(subscriber);
      subscriber.missed = undefined;
      if (subscribers.size > 0 || this.#channels.get(channel) !== subscribers) return;
      this.#channels.delete(channel);
      this.#subscriber.unsubscribe(channel).catch(() => {});
    };
  }

  /** Back after a lost connection: subscribe again, then every subscriber reads what it missed. */
  async #resubscribe() {
    this.#lost = false;
    const channels = [...this.#channels.keys()];
    if (channels.length === 0) return;
    try {
      await this.#subscriber.subscribe(...channels);
    } catch {
      return; // lost again: the next 'ready' tries again
    }
    for (const channel of channels) {
      for (const subscriber of this.#channels.get(channel) ?? []) subscriber.missed?.();
    }
  }
}
