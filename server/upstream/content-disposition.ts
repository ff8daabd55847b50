/**
 * The file name in a Content-Disposition header (RFC 6266): `filename*` (RFC
 * 8187, percent-encoded UTF-8) when present, else `filename`, quoted or bare.
 * Undefined when there is none or it cannot be read; the name is not yet safe
 * to send on (the route that serves it cleans it).
 */
export function fileNameFrom(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([\w!#$&+.^`|~-]+)'[^']*'([^;\s]+)/i.exec(header);
  if (extended) {
    const [, charset, encoded] = extended as unknown as [string, string, string];
    const decoded = decodeExtended(charset, encoded);
    if (decoded) return decoded;
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return undefined;
  const name = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
  return name || undefined;
}

/** RFC 8187: the charset's bytes, percent-encoded where not plain ASCII. */
function decodeExtended(charset: string, encoded: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] !== '%') {
      bytes.push(encoded.charCodeAt(i) & 0x7f);
      continue;
    }
    const hex = encoded.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/i.test(hex)) return undefined;
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  try {
    return new TextDecoder(charset, { fatal: true }).decode(Uint8Array.from(bytes)) || undefined;
  } catch {
    return undefined;
  }
}
