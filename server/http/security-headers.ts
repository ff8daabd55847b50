import type { FastifyInstance } from 'fastify';

/** What an API answer may do in a browser: nothing at all. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The pages the proxy serves (the demo host page, the simulator's console): only their own files. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Attachments come from 8x8's storage (pre-signed URLs) on another host.
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The widget's files are loaded by other websites' pages: they must be embeddable. */
const EMBEDDED_PATHS = ['/parley.js', '/widget/'];

/** The headers of an API answer (not a page, not an embedded file). */
export function apiSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'content-security-policy': API_CSP,
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/**
 * Security headers on every answer, the event stream included (its route copies
 * the reply's headers into the hijacked response). Routes may replace the CSP.
 */
export function securityHeaders(app: FastifyInstance, options: { https: boolean }) {
  const api = apiSecurityHeaders(options);
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(api);
    if (EMBEDDED_PATHS.some((path) => request.url.startsWith(path))) {
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
  });
  // An HTML page needs more than an API answer: its own scripts and styles.
  app.addHook('onSend', async (_request, reply, payload) => {
    const apiCsp = reply.getHeader('content-security-policy') === API_CSP;
    const type = String(reply.getHeader('content-type') ?? '');
    if (apiCsp && type.startsWith('text/html')) reply.header('content-security-policy', PAGE_CSP);
    // A 304 has no type to tell a page by, and its headers replace the cached answer's
    // (Fetch: "update stored headers"): an API CSP there would blank a page on reload.
    if (apiCsp && reply.statusCode === 304) reply.removeHeader('content-security-policy');
    return payload;
  });
}
