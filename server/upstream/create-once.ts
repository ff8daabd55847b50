import { UpstreamError } from './contact-center.js';
import { record, requiredText } from './json-read.js';
import type { UpstreamResponse } from './upstream-http.js';

export interface CreateOnceCalls {
  /**
   * One `POST /conversations` with the visitor id (its short retries only where
   * 8x8 cannot have acted); both APIs answer `{conversationId}`.
   */
  post(): Promise<UpstreamResponse>;
  /** The ids of the conversations 8x8 holds for this visitor id, oldest first (a read). */
  find(): Promise<string[]>;
  /** Ends a conversation of this visitor that must not wait in the queue. */
  leave(upstreamId: string): Promise<void>;
}

/** Creates per call at most: the first, and one more when the look-up found nothing. */
const MAX_CREATES = 2;

/**
 * Creates a conversation at 8x8 without ever queueing the visitor twice. A
 * create that timed out, lost its connection or got a 500/502/504 may have made
 * the conversation all the same, and creating another would queue a ghost that
 * an agent accepts to find nobody. So after such a failure the conversations of
 * this visitor id (sent with the create) are looked up first: the one found is
 * the one. Only when none is found is it created again, with the same id; and
 * should the first turn up after all, it is ended, so one is left waiting.
 *
 * A look-up that fails itself cannot tell, so the create's own error surfaces
 * (the visitor may try again); nothing is created blindly.
 */
export async function createOnce(calls: CreateOnceCalls): Promise<string> {
  let ambiguous: UpstreamError | undefined;
  for (let creates = 1; ; creates++) {
    try {
      const { body } = await calls.post();
      const created = requiredText(record(body).conversationId, 'a conversationId');
      if (ambiguous) await endAllBut(calls, created);
      return created;
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.maybeProcessed) throw error;
      ambiguous = error;
    }
    const found = await calls.find().catch(() => {
      throw ambiguous;
    });
    if (found.length > 0) {
      const [first] = found as [string, ...string[]];
      await endAllBut(calls, first, found);
      return first;
    }
    if (creates >= MAX_CREATES) throw ambiguous;
  }
}

/** Ends the visitor's other conversations; a failure leaves one waiting, never breaks the chat. */
async function endAllBut(calls: CreateOnceCalls, kept: string, known?: string[]) {
  const found = known ?? (await calls.find().catch(() => []));
  for (const upstreamId of found) {
    if (upstreamId !== kept) await calls.leave(upstreamId).catch(() => {});
  }
}
