import { createServer, type Server } from 'node:http';

export interface HostPage {
  /** data-* attributes of the script tag, without the `data-` prefix. */
  attributes?: Record<string, string>;
  /** Extra markup in <head> (a hostile stylesheet, a queue snippet). */
  head?: string;
  /** Response headers, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>;
  /** The nonce on the script tag. */
  nonce?: string;
  lang?: string;
  /** The page's direction, e.g. rtl. */
  dir?: string;
  /** Leave out the script tag (the page loads the widget another way). */
  noTag?: boolean;
}

/**
 * A website of someone else's, on its own origin: the pages a test embeds the
 * widget into by its script tag, as a customer would. Real HTTP on loopback.
 */
export async function startHostSite(proxyUrl: () => string) {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server: Server = createServer((request, response) => {
    const page = pages.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
    response.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let count = 0;

  return {
    origin,
    /** Serves a page with the widget's tag; returns its URL. */
    page(page: HostPage = {}): string {
      const path = `/page-${++count}.html`;
      const proxy = proxyUrl();
      const attributes = Object.entries({ proxy, ...page.attributes })
        .map(([name, value]) => ` data-${name}="${value.replaceAll('"', '&quot;')}"`)
        .join('');
      const nonce = page.nonce ? ` nonce="${page.nonce}"` : '';
      const html = `<!doctype html>
<html lang="${page.lang ?? 'en'}"${page.dir ? ` dir="${page.dir}"` : ''}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>${page.head ?? ''}</head>
<body>
<main><h1>A customer's website</h1><p>Some content.</p><a href="#top">A link on the page</a></main>
${page.noTag ? '' : `<script async src="${proxy}/parley.js"${nonce}${attributes}></script>`}
</body>
</html>`;
      pages.set(path, { html, headers: page.headers ?? {} });
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type HostSite = Awaited<ReturnType<typeof startHostSite>>;
