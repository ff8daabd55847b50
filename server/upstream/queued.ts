import type { ParleyEvent } from '../../protocol/events.js';

/**
 * QUEUED, in either API: the conversation waits in a queue. The queue id is
 * kept (the real-time statistics API gives wait time and queue size by it);
 * the name is what the visitor is shown.
 */
export function queuedEvent(
  queueId: string | undefined,
  queueName: string | undefined,
): ParleyEvent {
  return {
    type: 'conversation',
    state: 'queued',
    ...(queueName ? { queueName } : {}),
    ...(queueId ? { queueId } : {}),
  };
}
