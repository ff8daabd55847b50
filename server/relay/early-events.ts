import { Type } from 'typebox';
import { valueKey } from '../store/keys.js';
import type { ExpiringValues } from '../store/store.js';
import { parseStored } from '../stored-json.js';

/** How long a webhook for a conversation not known yet is kept. */
export const EARLY_EVENT_TTL_SECONDS = 120;
/** Webhooks kept per conversation; more are acknowledged and dropped. */
const MAX_PER_CONVERSATION = 16;

const Kept = Type.Object({ eventId: Type.String(), body: Type.Unknown() });
export interface KeptEvent {
  eventId: string;
  /** The webhook's parsed body, its signature verified when it came. */
  body: unknown;
}

/**
 * Verified webhooks for a conversation this proxy does not know (yet), kept for
 * a couple of minutes in the store every instance shares. 8x8 may call back
 * before it has answered the create call that made the conversation, and that
 * answer may reach another instance than the webhook; 8x8's retry policy is
 * undocumented, so such a webhook is acknowledged and kept rather than refused
 * and hoped for again. The create, once answered, applies what was kept.
 * A webhook of a conversation that is not this proxy's is kept the same way and
 * expires unread.
 *
 * Bounded: 16 webhooks per conversation, each gone after two minutes; slots are
 * claimed with setIfAbsent, so instances keeping at the same time never
 * overwrite each other, and a webhook delivered again is kept once.
 */
export class EarlyEvents {
  readonly #values: ExpiringValues;

  constructor(values: ExpiringValues) {
    this.#values = values;
  }

  /** `kept`, `again` (this event id was kept before) or `full`. */
  async keep(upstreamId: string, event: KeptEvent): Promise<'kept' | 'again' | 'full'> {
    const seen = await this.#values.setIfAbsent(
      valueKey.earlyEventSeen(event.eventId),
      '1',
      EARLY_EVENT_TTL_SECONDS,
    );
    if (!seen.first) return 'again';
    const value = JSON.stringify(event);
    for (let slot = 0; slot < MAX_PER_CONVERSATION; slot++) {
      const key = valueKey.earlyEvent(upstreamId, slot);
      const claim = await this.#values.setIfAbsent(key, value, EARLY_EVENT_TTL_SECONDS);
      if (claim.first) return 'kept';
    }
    return 'full';
  }

  /** What was kept for the conversation, oldest first (it stays until it expires). */
  async kept(upstreamId: string): Promise<KeptEvent[]> {
    // Slots fill in order: an empty first slot means nothing was kept (in the last minutes).
    if (!(await this.#values.get(valueKey.earlyEvent(upstreamId, 0)))) return [];
    const slots = Array.from({ length: MAX_PER_CONVERSATION }, (_, slot) =>
      this.#values.get(valueKey.earlyEvent(upstreamId, slot)),
    );
    const found: KeptEvent[] = [];
    for (const value of await Promise.all(slots)) {
      if (!value) continue;
      try {
        const { eventId, body } = parseStored(Kept, value, 'a kept webhook');
        found.push({ eventId, body });
      } catch {
        // Unreadable: skipped (8x8 has had its 2xx; nothing else holds it).
      }
    }
    return found;
  }
}
