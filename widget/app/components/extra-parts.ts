import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';

/**
 * Parts of the panel that arrive in lazy chunks (the notification prompt, the
 * files to send), drawn just above the composer once loaded. Only those chunks
 * add to it; the first open pays for this slot alone.
 */
export const extraParts = signal<ComponentType[]>([]);
