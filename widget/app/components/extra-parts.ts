import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { MessageItem } from '../chat-state.js';

/**
 * Parts of the panel that arrive in lazy chunks (the notification prompt, the
 * files to send), drawn just above the composer once loaded. Only those chunks
 * add to it; the first open pays for this slot alone.
 */
export const extraParts = signal<ComponentType[]>([]);

/** How a message shows the visitor's files on their way: set by the files chunk, the one that makes them. */
export const messageUploads = signal<ComponentType<{ item: MessageItem }> | undefined>(undefined);
