import { contentDisposition, safeFileName } from './file-name.js';

/**
 * How the proxy hands an agent's file to the visitor's browser. The type is
 * never what the file says it is but what it may safely be: a type on this list
 * is served as itself; 8x8's `application/octet-stream` (what its OAS promises)
 * or none at all is read from the file name's extension, within the same list;
 * anything else (HTML, SVG, scripts…) is `application/octet-stream`, to download.
 */
const SERVED_TYPES = new Map(
  Object.entries({
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    pdf: 'application/pdf',
    txt: 'text/plain',
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    wav: 'audio/wav',
    mp4: 'video/mp4',
    webm: 'video/webm',
  }),
);
const ALLOWED = new Set(SERVED_TYPES.values());
/** Shown in the page by the widget's `<img>`: raster images only (an SVG can run script). */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** What 8x8 says when it does not say. */
const UNTYPED = new Set([undefined, 'application/octet-stream', 'binary/octet-stream']);

export interface Presentation {
  contentType: string;
  contentDisposition: string;
}

/** The headers a file gets, from the type 8x8 gave (if any) and its name. */
export function presentAttachment(
  upstreamType: string | undefined,
  fileName: string | undefined,
): Presentation {
  const name = safeFileName(fileName);
  const contentType = servedType(upstreamType, name);
  return {
    contentType,
    contentDisposition: contentDisposition(INLINE.has(contentType) ? 'inline' : 'attachment', name),
  };
}

function servedType(upstreamType: string | undefined, name: string): string {
  if (upstreamType && ALLOWED.has(upstreamType)) return upstreamType;
  if (!UNTYPED.has(upstreamType)) return 'application/octet-stream';
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();
  return (extension && SERVED_TYPES.get(extension)) || 'application/octet-stream';
}
