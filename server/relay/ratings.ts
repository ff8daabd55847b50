import type { FastifyBaseLogger } from 'fastify';
import type { Rating, RatingRequest } from '../../protocol/visitor-data.js';
import type { Metrics } from '../observability/metrics.js';
import type { Session, Store } from '../store/store.js';
import type { ContactCenter } from '../upstream/contact-center.js';

export class AlreadyRated extends Error {}

/**
 * The survey's answer: stored once per conversation (the store is the truth),
 * counted, then posted to 8x8. 8x8 has no public API to store a chat rating
 * (docs/8x8.md), so it goes as a final message on the conversation; a failure
 * there is logged and loses nothing, the rating stays stored and exportable.
 */
export async function rate(
  parts: {
    store: Store;
    contactCenter: ContactCenter;
    metrics: Metrics;
    log: FastifyBaseLogger;
    postTo8x8: boolean;
  },
  session: Session,
  request: RatingRequest,
): Promise<Rating> {
  const rating: Rating = {
    conversationId: session.conversationId,
    scale: request.scale,
    score: request.score,
    ...(request.comment?.trim() ? { comment: request.comment.trim() } : {}),
    createdAt: new Date().toISOString(),
  };
  if (!(await parts.store.ratings.add(rating))) throw new AlreadyRated(session.conversationId);
  parts.metrics.ratings.inc({ scale: rating.scale, score: String(rating.score) });
  if (parts.postTo8x8 && session.upstreamId) {
    await parts.contactCenter
      .sendMessage(session.upstreamId, { text: ratingMessage(rating) })
      .catch((error: unknown) => {
        parts.log.warn({ err: error }, 'posting the rating to 8x8 failed; it stays stored');
      });
  }
  return rating;
}

/** The final message an agent or supervisor reads in 8x8's transcript. */
export function ratingMessage(rating: Rating): string {
  const score =
    rating.scale === 'thumbs'
      ? rating.score === 5
        ? 'thumbs up'
        : 'thumbs down'
      : `${rating.score}/5`;
  const comment = rating.comment ? ` — “${rating.comment}”` : '';
  return `[Parley survey] Rating: ${score}${comment}`;
}
