import type { LoggedEvent } from '../../../protocol/events.js';
import { extraParts } from '../components/extra-parts.js';
import { desktopNotifications, type NotificationOptions } from './desktop-notifications.js';
import { watchReading } from './read-receipts.js';

export interface ExtrasOptions extends NotificationOptions {
  root: ShadowRoot;
  /** data-notifications="false": the site turned desktop notifications off. */
  notifications: boolean;
}

/**
 * What a conversation needs once there is one, loaded as a chunk when the
 * timeline first has something in it: read receipts, and desktop notifications.
 */
export function startExtras(options: ExtrasOptions) {
  const stopReading = watchReading(options.chat, options.root);
  const notifier = options.notifications ? desktopNotifications(options) : undefined;
  if (notifier) extraParts.value = [...extraParts.value, notifier.Prompt];
  return {
    event: (event: LoggedEvent, own: boolean) => notifier?.event(event, own),
    stop: stopReading,
  };
}
