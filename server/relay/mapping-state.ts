import { type Static, type TSchema, Type } from 'typebox';
import type { ExpiringValues } from '../store/store.js';
import { parseStored } from '../stored-json.js';
import type { ReceiveResult } from './relay.js';

/** How long a mapping remembers a conversation's state. */
const STATE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** A state as saved: with the event that changed it and the state before. */
interface Saved<S> {
  eventId: string;
  before: S;
  after: S;
}

/** The state of one conversation as one webhook finds it. */
export interface StateRead<S> {
  before: S;
  /** Saves the state after the webhook, unless it was an older event delivered again. */
  save(after: S, result: ReceiveResult): Promise<void>;
}

/**
 * What a webhook mapping (legacy or gateway) remembers of an 8x8 conversation
 * between its webhooks, kept in the store shared by every instance. The state
 * is saved with the event that changed it and the state before, so a retry of
 * that same event (8x8 resends until it gets a 2xx) is mapped exactly as the
 * first time; an older event delivered again (its events are already in the
 * log) changes nothing.
 */
export class MappingState<T extends TSchema> {
  readonly #values: ExpiringValues;
  readonly #key: (upstreamId: string) => string;
  readonly #initial: Static<T>;
  readonly #saved: TSchema;
  readonly #what: string;

  constructor(parts: {
    values: ExpiringValues;
    key: (upstreamId: string) => string;
    schema: T;
    initial: Static<T>;
    what: string;
  }) {
    this.#values = parts.values;
    this.#key = parts.key;
    this.#initial = parts.initial;
    this.#saved = Type.Object({
      eventId: Type.String(),
      before: parts.schema,
      after: parts.schema,
    });
    this.#what = parts.what;
  }

  async read(upstreamId: string, eventId: string): Promise<StateRead<Static<T>>> {
    const key = this.#key(upstreamId);
    const saved = this.#parse(await this.#values.get(key));
    const again = saved?.eventId === eventId;
    const before: Static<T> = again ? saved.before : (saved?.after ?? this.#initial);
    return {
      before,
      save: async (after, result) => {
        if (result === 'duplicate' && !again) return;
        const record = { eventId, before, after };
        await this.#values.set(key, JSON.stringify(record), STATE_TTL_SECONDS);
      },
    };
  }

  #parse(value: string | undefined): Saved<Static<T>> | undefined {
    if (!value) return undefined;
    try {
      // Checked against the schema built from T (TypeBox cannot name that type generically).
      return parseStored(this.#saved, value, this.#what) as Saved<Static<T>>;
    } catch {
      // Unreadable: map as from the start (the worst case is one notice shown again).
      return undefined;
    }
  }
}
