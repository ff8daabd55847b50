import { isUtf8 } from 'node:buffer';

/**
 * Is an upload what its Content-Type says? The type decides how the file is shown to the
 * agent and served back, so an SVG (script and all) sent as `image/png` must not get
 * through. Checked on the first bytes, the file formats' own signatures, before anything
 * goes to 8x8.
 *
 * Text has no signature: a `text/*` file must be valid UTF-8 with no NUL byte (which no
 * text file has, and every binary format does). Types the proxy does not take by default
 * and has no signature for here (an operator's ATTACHMENT_TYPES) are not checked.
 */

type Signature = (data: Buffer) => boolean;

const starts =
  (...bytes: (number | string)[]): Signature =>
  (data) => {
    const expected = Buffer.concat(
      bytes.map((part) =>
        typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.of(part),
      ),
    );
    return data.subarray(0, expected.length).equals(expected);
  };

const SIGNATURES = new Map<string, Signature>([
  ['image/png', starts(0x89, 'PNG\r\n\x1a\n')],
  ['image/jpeg', starts(0xff, 0xd8, 0xff)],
  ['image/gif', (data) => starts('GIF87a')(data) || starts('GIF89a')(data)],
  [
    'image/webp',
    (data) => starts('RIFF')(data) && data.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
  ['application/pdf', starts('%PDF-')],
]);

/** Markup (SVG, HTML, XML) after an optional byte-order mark and white space. */
const MARKUP = /^(?:\ufeff)?\s*</;

export type SignatureVerdict = { ok: true } | { ok: false; detail: string };

export function checkFileSignature(contentType: string, data: Buffer): SignatureVerdict {
  if (contentType.startsWith('text/')) {
    return isUtf8(data) && !data.includes(0)
      ? { ok: true }
      : {
          ok: false,
          detail: `The file is not ${contentType}: that must be UTF-8 text, with no NUL bytes.`,
        };
  }
  const signature = SIGNATURES.get(contentType);
  if (!signature || signature(data)) return { ok: true };
  return { ok: false, detail: `The file is not ${contentType}: ${whatItIs(data)}.` };
}

function whatItIs(data: Buffer): string {
  const actual = [...SIGNATURES].find(([, signature]) => signature(data))?.[0];
  if (actual) return `its first bytes are those of ${actual}`;
  if (MARKUP.test(data.subarray(0, 64).toString('utf8'))) {
    return 'it is markup (SVG, HTML or XML)';
  }
  return 'its first bytes are not that format\u2019s signature';
}
