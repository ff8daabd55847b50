import type { Locale } from '../locales.js';
import type { TimelineItem } from './chat-state.js';
import { formatTime } from './i18n.js';
import type { Strings } from './locales/en.js';
import { plainText } from './safe-display.js';
import { authorOf, noticeText } from './transcript.js';

/** The conversation as plain text, one line per message or notice. */
export function transcriptText(
  items: TimelineItem[],
  strings: Strings,
  locale: Locale,
  title: string,
): string {
  const lines = [title, ''];
  for (const item of items) {
    const time = formatTime(item.at, locale);
    if (item.kind === 'notice') {
      lines.push(`[${time}] — ${noticeText(item, strings)} —`);
      continue;
    }
    const files = item.attachments.map(
      (file) => ` [${file.name}${file.url ? ` ${file.url}` : ''}]`,
    );
    lines.push(`[${time}] ${authorOf(item, strings)}: ${item.text}${files.join('')}`);
  }
  return plainText(`${lines.join('\n')}\n`);
}

/** Saves it as a .txt download (a blob: link, nothing sent anywhere). */
export function downloadTranscript(root: ShadowRoot, text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}-${new Date().toISOString().slice(0, 10)}.txt`;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
