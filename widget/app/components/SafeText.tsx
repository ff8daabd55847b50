import { plainText, textChunks } from '../safe-display.js';

/** Text from outside, as text nodes: no bidi controls, long runs in pieces (safe-display.ts). */
export function SafeText({ text }: { text: string }) {
  return <>{textChunks(plainText(text))}</>;
}
