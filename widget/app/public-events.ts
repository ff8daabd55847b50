import type { LoggedEvent } from '../../protocol/events.js';
import type { ParleyEventName, ParleyEvents } from '../parley.js';

type Emit = <E extends ParleyEventName>(event: E, detail: ParleyEvents[E]) => void;

/** What the host page hears (Parley.on) of an event as it happens. */
export function publishEvent(event: LoggedEvent, emit: Emit): void {
  switch (event.type) {
    case 'message':
      emit('message', {
        role: event.role,
        text: event.text,
        at: event.at,
        attachments: event.attachments.map(({ name, kind, url }) => ({
          name,
          kind,
          ...(url ? { url } : {}),
        })),
        ...(event.authorName ? { authorName: event.authorName } : {}),
      });
      return;
    case 'conversation':
      if (event.state === 'queued') {
        emit('queued', {
          ...(event.queueName ? { queueName: event.queueName } : {}),
          ...(event.position ? { position: event.position } : {}),
        });
      }
      if (event.state === 'idle' || event.state === 'closed') {
        emit('chatEnded', { by: event.state === 'closed' ? 'visitor' : 'agent' });
      }
      return;
    case 'participant':
      if (event.role === 'agent') {
        emit(event.change === 'joined' ? 'agentJoined' : 'agentLeft', {
          ...(event.name ? { name: event.name } : {}),
        });
      }
      return;
    case 'transferred':
      emit('transferred', undefined);
      return;
  }
}
