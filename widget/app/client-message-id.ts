/**
 * A random id for what the visitor sends, a message or an offline message (crypto.randomUUID
 * needs a secure context; this does not): its own module, so the offline-messages chunk
 * does not import sending.ts (which makes the bundler split the first open).
 */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
