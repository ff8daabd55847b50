import type { Session } from '../../server/store/store.js';

/** A session as a new visitor's chat starts it: open, created now, on its first token. */
export const openSession = (conversationId: string, upstreamId?: string): Session => ({
  conversationId,
  ...(upstreamId ? { upstreamId } : {}),
  createdAt: new Date().toISOString(),
  status: 'open',
  tokenVersion: 1,
});
