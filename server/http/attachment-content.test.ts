import { get } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../protocol/events.js';
import type { ConversationCredentials, TranscriptPage } from '../../protocol/widget-api.js';
import { eventually, startTestParley, type TestParley } from '../../test/support/demo.js';
import { openSession } from '../../test/support/sessions.js';
import { SseClient } from '../../test/support/sse-client.js';
import { buildProxy, type ParleyProxy } from '../app.js';
import { loadConfig } from '../config.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import {
  type AttachmentContent,
  type ContactCenter,
  UpstreamError,
} from '../upstream/contact-center.js';
import { TokenSigner } from './tokens.js';

/**
 * GET /v1/conversations/{id}/attachments/{attachmentId}/content: who may open
 * a file, what it is served as, that it streams, and (through the simulator)
 * that a transcript's links still open the agent's files once 8x8's pre-signed
 * URLs have expired.
 */

const SECRET = 'a-test-secret-that-is-long-enough-for-parley';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** What the fake 8x8 answers for the next file asked for. */
type Upstream = (attachmentId: string) => Promise<AttachmentContent>;

/** A proxy whose 8x8 serves files as each test says, with one conversation in the store. */
async function proxyWithFake8x8(env: Record<string, string> = {}) {
  let upstream: Upstream = async () => {
    throw new UpstreamError('not set', 500, true);
  };
  const asked: string[] = [];
  const refuse = () => Promise.reject(new Error('not in this test'));
  const contactCenter: ContactCenter = {
    api: 'chat-gateway',
    features: { typing: true, attachments: true, readReceipts: true },
    createConversation: refuse,
    sendMessage: refuse,
    sendTyping: refuse,
    sendReadReceipt: refuse,
    uploadAttachment: refuse,
    leave: refuse,
    readConversation: refuse,
    reachable: async () => true,
    openAttachment: (upstreamId, attachmentId) => {
      asked.push(`${upstreamId}/${attachmentId}`);
      return upstream(attachmentId);
    },
  };
  const store: Store = openSqliteStore(':memory:');
  const tokens = new TokenSigner(SECRET, 600);
  const config = loadConfig({ LOG_LEVEL: 'silent', TOKEN_SECRET: SECRET, ...env });
  const proxy: ParleyProxy = await buildProxy({
    config,
    store,
    contactCenter,
    keys: async () => undefined,
    tokens,
  });
  await proxy.app.listen({ host: '127.0.0.1', port: 0 });
  const address = proxy.app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const conversationId of ['mine', 'other']) {
    await store.sessions.create(openSession(conversationId, `up-${conversationId}`));
  }
  const link = (attachmentId: string, token = tokens.issueFile('mine', attachmentId, 1).token) =>
    `${origin}/v1/conversations/mine/attachments/${encodeURIComponent(attachmentId)}/content?token=${encodeURIComponent(token)}`;
  return {
    store,
    tokens,
    asked,
    link,
    serve(next: Upstream) {
      upstream = next;
    },
    async close() {
      await proxy.app.close();
      await store.close();
    },
  };
}

const file =
  (data: string | Buffer, meta: Partial<AttachmentContent> = {}) =>
  async (): Promise<AttachmentContent> => ({
    body: Readable.from([Buffer.from(data)]),
    contentType: 'application/octet-stream',
    contentLength: Buffer.byteLength(data),
    fileName: undefined,
    ...meta,
  });

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { detail: string };
};

describe('who may open an attachment', () => {
  let fake: Awaited<ReturnType<typeof proxyWithFake8x8>>;
  beforeAll(async () => {
    fake = await proxyWithFake8x8();
    fake.serve(file('the file', { fileName: 'a.txt' }));
  });
  afterAll(() => fake.close());

  it("the file token made for it: 8x8 is asked for that attachment of this conversation's", async () => {
    const response = await fetch(fake.link('att-1'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('the file');
    expect(fake.asked.at(-1)).toBe('up-mine/att-1');
  });

  it('no token, an api or stream token, a tampered, expired or foreign one: 401, and 8x8 is not asked', async () => {
    const before = fake.asked.length;
    const path = (token?: string) =>
      fake
        .link('att-1', token)
        .replace(/\?token=.*$/, token === undefined ? '' : `?token=${encodeURIComponent(token)}`);
    const tokens = fake.tokens;
    const refused: [string | undefined, RegExp][] = [
      [undefined, /needs the conversation token/],
      [tokens.issue('mine', 'api', 1).token, /cannot be used for this call/],
      [tokens.issue('mine', 'stream', 1).token, /cannot be used for this call/],
      [`${tokens.issueFile('mine', 'att-1', 1).token}x`, /not signed by this proxy/],
      [tokens.issueFile('mine', 'att-1', 1, Date.now() - 601_000).token, /expired/],
      [tokens.issueFile('mine', 'att-2', 1).token, /another attachment/],
      [tokens.issueFile('other', 'att-1', 1).token, /another conversation/],
      [tokens.issueFile('mine', 'att-1', 2).token, /revoked/],
      [
        new TokenSigner(`${SECRET}-elsewhere`, 600).issueFile('mine', 'att-1', 1).token,
        /not signed/,
      ],
    ];
    for (const [token, detail] of refused) {
      const problem = await problemOf(await fetch(path(token)), 401);
      expect(problem.detail).toMatch(detail);
    }
    expect(fake.asked.length).toBe(before);
  });

  it('an id that cannot be one is refused before anything (400)', async () => {
    const response = await fetch(fake.link('a b'));
    await problemOf(response, 400);
  });
});

describe('what 8x8 answers, as the browser gets it', () => {
  let fake: Awaited<ReturnType<typeof proxyWithFake8x8>>;
  beforeAll(async () => {
    fake = await proxyWithFake8x8();
  });
  afterAll(() => fake.close());

  it('an attachment 8x8 does not have: 404', async () => {
    fake.serve(async (id) => {
      throw new UpstreamError(
        `8x8 answered 404: Resource of type Attachment with id ${id}`,
        404,
        false,
      );
    });
    const problem = await problemOf(await fetch(fake.link('gone')), 404);
    expect(problem.detail).toBe('8x8 has no such attachment in this conversation.');
  });

  it('8x8 failing (500): 503 with Retry-After; 8x8 refusing (403): 502', async () => {
    fake.serve(async () => {
      throw new UpstreamError('8x8 answered 500', 500, true, { maybeProcessed: true });
    });
    const failing = await fetch(fake.link('att-1'));
    await problemOf(failing, 503);
    expect(failing.headers.get('retry-after')).toBe('5');
    fake.serve(async () => {
      throw new UpstreamError('8x8 answered 403', 403, false);
    });
    await problemOf(await fetch(fake.link('att-1')), 502);
  });

  it.each([
    // [8x8's type, its file name, served as, disposition]
    ['application/octet-stream', 'map.png', 'image/png', 'inline'],
    [undefined, 'photo.JPG', 'image/jpeg', 'inline'],
    ['image/webp', 'x', 'image/webp', 'inline'],
    ['application/pdf', 'invoice.pdf', 'application/pdf', 'attachment'],
    ['application/octet-stream', 'notes.txt', 'text/plain', 'attachment'],
    ['text/html', 'page.png', 'application/octet-stream', 'attachment'],
    ['image/svg+xml', 'logo.svg', 'application/octet-stream', 'attachment'],
    ['application/octet-stream', 'logo.svg', 'application/octet-stream', 'attachment'],
    ['application/javascript', 'x.js', 'application/octet-stream', 'attachment'],
    ['application/octet-stream', 'report.docx', 'application/octet-stream', 'attachment'],
  ])('%s named %s: served as %s, %s', async (upstreamType, name, servedAs, disposition) => {
    fake.serve(file('bytes', { contentType: upstreamType, fileName: name }));
    const response = await fetch(fake.link('att-1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(servedAs);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^${disposition}; filename="${name.replace('.', '\\.')}"`),
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).toBe('bytes');
  });

  it('takes the name from 8x8, else from the link, cleaned of paths, quotes and control characters', async () => {
    fake.serve(file('x', { fileName: '../../etc/pass"wd\r\n.txt' }));
    const dirty = await fetch(fake.link('att-1'));
    expect(dirty.headers.get('content-disposition')).toBe(
      `attachment; filename="pass_wd.txt"; filename*=UTF-8''pass%22wd.txt`,
    );
    fake.serve(file('x', { fileName: undefined }));
    const named = await fetch(`${fake.link('att-1')}&name=${encodeURIComponent('Zürich map.png')}`);
    expect(named.headers.get('content-disposition')).toBe(
      `inline; filename="Z_rich map.png"; filename*=UTF-8''Z%C3%BCrich%20map.png`,
    );
    const unnamed = await fetch(fake.link('att-1'));
    expect(unnamed.headers.get('content-disposition')).toMatch(
      /^attachment; filename="attachment"/,
    );
  });

  it('streams: the first bytes reach the browser before 8x8 has sent the rest', async () => {
    const upstream = new PassThrough();
    fake.serve(async () => ({
      body: upstream,
      contentType: 'application/pdf',
      contentLength: undefined,
      fileName: 'big.pdf',
    }));
    upstream.write('first part;');
    const response = await fetch(fake.link('att-1'));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('first part;');
    expect(upstream.writableEnded).toBe(false);
    upstream.end('the rest');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += Buffer.from(chunk.value).toString();
    }
    expect(rest).toBe('the rest');
  });

  it('a browser that goes away ends the download from 8x8', async () => {
    const upstream = new PassThrough();
    fake.serve(async () => ({
      body: upstream,
      contentType: 'video/mp4',
      contentLength: undefined,
      fileName: 'long.mp4',
    }));
    upstream.write('a');
    // node:http, whose destroy() closes the socket at once, as a closed browser tab does.
    await new Promise<void>((resolve) => {
      const request = get(fake.link('att-1'), (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
    });
    await eventually(() => upstream.destroyed);
  });
});

describe('the download rate limit', () => {
  it('counts per conversation, with Retry-After', async () => {
    const fake = await proxyWithFake8x8({ RATE_LIMIT_DOWNLOAD_PER_CONVERSATION: '2/1m' });
    try {
      fake.serve(file('x'));
      expect((await fetch(fake.link('att-1'))).status).toBe(200);
      expect((await fetch(fake.link('att-2'))).status).toBe(200);
      const limited = await fetch(fake.link('att-3'));
      await problemOf(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  });
});

describe("an agent's files, through the simulator's content endpoint", () => {
  let t: TestParley;
  let credentials: ConversationCredentials;
  let upstreamId: string;
  beforeAll(async () => {
    t = await startTestParley({ TOKEN_SECRET: SECRET });
    credentials = await t.startConversation();
    const upstream = await t.upstreamOf(credentials.conversationId);
    upstreamId = upstream.id;
    await eventually(() => upstream.waiting);
    t.simulator.accept('agent-alex', upstreamId);
    t.simulator.agentMessage('agent-alex', upstreamId, 'Here you are', [
      { filename: 'map.png', contentType: 'image/png', data: PNG },
      { filename: 'invoice.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4') },
    ]);
    await eventually(async () => (await files()).length === 2);
  });
  afterAll(() => t.close());

  async function files() {
    const response = await t.call(`/v1/conversations/${credentials.conversationId}/transcript`, {
      token: credentials.token,
    });
    const page = (await response.json()) as TranscriptPage;
    return page.events.flatMap((event) => (event.type === 'message' ? event.attachments : []));
  }

  it("links them to the proxy in the transcript and the stream, never to 8x8's storage", async () => {
    const linked = await files();
    for (const attachment of linked) {
      expect(attachment.url).toMatch(
        new RegExp(
          `^${t.origin}/v1/conversations/${credentials.conversationId}/attachments/[^/]+/content\\?token=`,
        ),
      );
    }
    const stream = await SseClient.open(t.streamUrl(credentials));
    const withFiles = () =>
      stream
        .events<LoggedEvent>()
        .filter((event) => event.type === 'message' && event.attachments.length > 0);
    await stream.waitFor(() => withFiles().length > 0);
    stream.close();
    const [message] = withFiles();
    expect(message?.type === 'message' && message.attachments.map((a) => a.url)).toEqual([
      expect.stringMatching(/\/content\?token=.+&name=map\.png$/),
      expect.stringMatching(/\/content\?token=.+&name=invoice\.pdf$/),
    ]);
  });

  it("still opens them once 8x8's pre-signed URLs have expired", async () => {
    const conversation = t.simulator.conversation(upstreamId);
    const [image, pdf] = conversation.attachments;
    const preSigned = t.simulator.preSignedUrl(upstreamId, image!.id);
    t.simulator.expirePreSignedUrls();
    expect((await fetch(preSigned)).status).toBe(403);

    const [imageLink, pdfLink] = (await files()).map((attachment) => attachment.url!);
    const shown = await fetch(imageLink!);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('content-disposition')).toMatch(/^inline; filename="map\.png"/);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);
    const downloaded = await fetch(pdfLink!);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(downloaded.headers.get('content-disposition')).toMatch(
      /^attachment; filename="invoice\.pdf"/,
    );
    expect(await downloaded.text()).toBe('%PDF-1.4');
    expect(pdf).toBeDefined();
  });
});
