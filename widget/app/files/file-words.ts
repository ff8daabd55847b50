import type { AttachmentLimits } from '../../../protocol/widget-api.js';
import type { Locale } from '../../locales.js';
import type { Refusal } from '../chat-state.js';
import { formatBytes } from '../i18n.js';
import type { Strings } from '../locales/en.js';
import { typeList } from './file-rules.js';

/** What may be sent, said before the visitor picks: "PNG, JPEG or PDF, up to 10 MB each". */
export function limitsHint(
  limits: AttachmentLimits | undefined,
  strings: Strings,
  locale: Locale,
): string {
  if (limits === undefined) return '';
  if (limits === null) return strings.noFiles;
  return strings.fileHint(typeList(limits.types, locale), formatBytes(limits.maxBytes, locale));
}

/** Why a file cannot go, in the visitor's language. */
export function refusalText(
  refused: Refusal,
  limits: AttachmentLimits | undefined,
  strings: Strings,
  locale: Locale,
): string {
  switch (refused) {
    case 'type':
      return strings.fileType;
    case 'size':
      return strings.fileTooBig(formatBytes(limits?.maxBytes ?? 0, locale));
    case 'empty':
      return strings.fileEmpty;
    case 'off':
      return strings.noFiles;
  }
}
