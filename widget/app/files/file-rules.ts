import type { AttachmentLimits } from '../../../protocol/widget-api.js';
import type { Refusal } from '../chat-state.js';
import { ProxyError } from '../proxy-client.js';

/**
 * Whether the proxy would take a file, judged before any upload by the limits
 * it announced: its type (as the browser reports it: the proxy then checks the
 * bytes), its size, not empty. `undefined` limits are unknown (an older proxy,
 * or it could not be asked): the file goes, and the proxy has the last word.
 */
export function refusalOf(file: File, limits: AttachmentLimits | undefined): Refusal | undefined {
  if (limits === null) return 'off';
  if (limits && !limits.types.includes(file.type)) return 'type';
  if (limits && file.size > limits.maxBytes) return 'size';
  return file.size === 0 ? 'empty' : undefined;
}

const REFUSALS: Record<number, Refusal> = { 415: 'type', 413: 'size', 403: 'off' };

/**
 * The proxy's no to an upload, when it is about the file (so the file goes back
 * to the visitor with the reason, and the rest of the message goes on): its
 * type or its bytes (415: a PNG that is really HTML), its size (413), or
 * uploads off (403). Anything else is the message's problem, for the outbox.
 */
export function refusalOfAnswer(error: unknown): Refusal | undefined {
  return error instanceof ProxyError ? REFUSALS[error.status] : undefined;
}

/** The proxy takes names of 1 to 255 characters: a longer one keeps its end (the extension). */
export function uploadName(name: string): string {
  return Array.from(name).slice(-255).join('') || 'file';
}

/** A type as visitors know it: `image/png` → PNG, `text/plain` → TXT, `image/svg+xml` → SVG. */
export function typeName(type: string): string {
  const subtype =
    type
      .split('/')[1]
      ?.split('+')[0]
      ?.replace(/^(x-|vnd\.)/, '') ?? type;
  return subtype === 'plain' ? 'TXT' : subtype.toUpperCase();
}

/** "PNG, JPEG or PDF", in the visitor's language. */
export function typeList(types: string[], locale: string): string {
  const names = [...new Set(types.map(typeName))];
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(names);
}
