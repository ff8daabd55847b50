/**
 * What the OpenAPI document says about each route beyond its Fastify schema
 * (which gives the parameters and request bodies): a summary, a description and
 * the responses. Keyed `METHOD /path` as Fastify registers it. A route the proxy
 * serves without an entry here, or an entry with no route, fails
 * server/openapi/openapi.test.ts, so the document cannot drift from the routes.
 */

type Schema = Record<string, unknown>;

export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  security?: 'conversation' | 'metrics';
  /** For bodies Fastify does not parse as JSON by a schema (uploads, webhooks). */
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const BAD_REQUEST = problem('The request does not match the schema; `detail` says where.');
const UNAUTHORIZED = problem('Missing, expired, revoked or another conversation’s token.');
const FORBIDDEN = problem('The page’s Origin is not in ALLOWED_ORIGINS.');
const RATE_LIMITED = problem('Too many requests; wait `Retry-After` seconds.');
const UNAVAILABLE = problem('8x8 is unavailable or the proxy is shutting down; retry later.');

export const schemas: Record<string, Schema> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details: every error the proxy answers has this shape.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', examples: ['about:blank'] },
      title: { type: 'string', examples: ['Invalid request'] },
      status: { type: 'integer', examples: [400] },
      detail: { type: 'string', examples: ['body/text must NOT have more than 5000 characters'] },
    },
  },
  Credentials: {
    type: 'object',
    required: ['conversationId', 'token', 'streamToken', 'expiresAt', 'limits'],
    properties: {
      conversationId: { type: 'string' },
      token: { type: 'string', description: 'Bearer token for every other call on it.' },
      streamToken: { type: 'string', description: 'For the event stream URL only.' },
      expiresAt: { type: 'string', format: 'date-time' },
      limits: {
        type: 'object',
        required: ['maxMessageLength', 'attachments'],
        properties: {
          maxMessageLength: { type: 'integer' },
          attachments: {
            description: 'null when attachments are off or the 8x8 API takes none.',
            oneOf: [
              {
                type: 'object',
                required: ['maxBytes', 'types'],
                properties: {
                  maxBytes: { type: 'integer' },
                  types: { type: 'array', items: { type: 'string' } },
                },
              },
              { type: 'null' },
            ],
          },
        },
      },
    },
  },
  SendResult: {
    type: 'object',
    required: ['clientMessageId', 'status'],
    properties: {
      clientMessageId: { type: 'string' },
      status: { enum: ['pending', 'sent', 'failed'] },
      reason: { type: 'string', description: 'Why it is pending or failed, to show.' },
    },
  },
  Attachment: {
    type: 'object',
    required: ['id', 'name', 'kind'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { enum: ['image', 'video', 'audio', 'file'] },
      url: { type: 'string' },
      sizeInBytes: { type: 'integer' },
    },
  },
  Event: {
    type: 'object',
    description:
      'A conversation event as the stream sends it and the transcript lists it; `type` is one of conversation, participant, transferred, message, typing, message-status (see server/protocol.ts).',
    required: ['id', 'at', 'type'],
    properties: {
      id: { type: 'integer', description: 'Increasing per conversation.' },
      at: { type: 'string', format: 'date-time' },
      type: {
        enum: ['conversation', 'participant', 'transferred', 'message', 'typing', 'message-status'],
      },
    },
    additionalProperties: true,
  },
  TranscriptPage: {
    type: 'object',
    required: ['events'],
    properties: {
      events: { type: 'array', items: ref('Event') },
      next: {
        type: 'integer',
        description: 'Pass as `after` for the next page; absent on the last.',
      },
    },
  },
};

export const routeDocs: Record<string, RouteDoc> = {
  'POST /v1/conversations': {
    summary: 'Start a conversation',
    description:
      'Creates the conversation with 8x8 and answers its id and tokens. Nothing is created before the visitor writes.',
    tags: ['widget'],
    responses: {
      201: { description: 'Created.', content: json(ref('Credentials')) },
      400: BAD_REQUEST,
      403: FORBIDDEN,
      429: RATE_LIMITED,
      502: problem('8x8 refused the conversation.'),
      503: UNAVAILABLE,
    },
  },
  'POST /v1/conversations/{conversationId}/token': {
    summary: 'Renew the tokens',
    tags: ['widget'],
    security: 'conversation',
    responses: {
      200: { description: 'Fresh tokens.', content: json(ref('Credentials')) },
      401: UNAUTHORIZED,
    },
  },
  'POST /v1/conversations/{conversationId}/messages': {
    summary: 'Send a message',
    description:
      'Idempotent per clientMessageId: a repeat answers the same and posts nothing. `pending` means the proxy keeps retrying; message-status events follow.',
    tags: ['widget'],
    security: 'conversation',
    responses: {
      202: { description: 'Taken.', content: json(ref('SendResult')) },
      400: BAD_REQUEST,
      401: UNAUTHORIZED,
      409: problem('The conversation has ended.'),
      429: RATE_LIMITED,
    },
  },
  'POST /v1/conversations/{conversationId}/typing': {
    summary: 'Say the visitor is typing',
    tags: ['widget'],
    security: 'conversation',
    responses: { 204: { description: 'Noted.' }, 401: UNAUTHORIZED, 429: RATE_LIMITED },
  },
  'POST /v1/conversations/{conversationId}/attachments': {
    summary: 'Upload a file',
    description:
      'The raw file is the body, its type the Content-Type, its name the `filename` parameter. Its first bytes must be that type’s (PNG, JPEG, GIF, WebP and PDF signatures; text/* as UTF-8 without NUL bytes). The answered id goes in a message’s attachmentIds.',
    tags: ['widget'],
    security: 'conversation',
    requestBody: {
      required: true,
      content: {
        '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
      },
    },
    responses: {
      201: { description: 'Uploaded.', content: json(ref('Attachment')) },
      400: BAD_REQUEST,
      401: UNAUTHORIZED,
      403: problem('This proxy does not accept attachments.'),
      413: problem('Larger than ATTACHMENT_MAX_BYTES.'),
      415: problem(
        'A type not in ATTACHMENT_TYPES, or a file whose first bytes are not its type’s (`detail` says what they are).',
      ),
    },
  },
  'POST /v1/conversations/{conversationId}/close': {
    summary: 'End the conversation (the visitor left)',
    tags: ['widget'],
    security: 'conversation',
    responses: { 204: { description: 'Ended.' }, 401: UNAUTHORIZED },
  },
  'GET /v1/conversations/{conversationId}/transcript': {
    summary: 'Read the transcript, a page at a time',
    tags: ['widget'],
    security: 'conversation',
    responses: {
      200: { description: 'A page of events.', content: json(ref('TranscriptPage')) },
      401: UNAUTHORIZED,
    },
  },
  'GET /v1/conversations/{conversationId}/events': {
    summary: 'The conversation as Server-Sent Events',
    description:
      'Takes the stream token in `token` (EventSource cannot send headers). Resumes after `Last-Event-ID` (header) or `lastEventId` (query). `event: reset` means the asked-for id is older than the kept history: reload the transcript. At a connection cap or during shutdown the answer is still 200, with only a `retry:` line.',
    tags: ['widget'],
    responses: {
      200: {
        description: 'The stream: `id:`, `event:` (the event type) and JSON `data:` per event.',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      401: UNAUTHORIZED,
    },
  },
  'GET /v1/openapi.json': {
    summary: 'This document',
    tags: ['operations'],
    responses: { 200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } },
  },
  'POST /webhooks/8x8': {
    summary: '8x8’s signed webhook events',
    description:
      'Called by 8x8, not by browsers. Verified as a detached RS256 JWS over the x-8x8-* headers and the CRC-32 of the body; deduplicated on x-8x8-event-id; 2xx only once the event is stored.',
    tags: ['8x8'],
    requestBody: { required: true, content: json({ type: 'object' }) },
    responses: {
      200: { description: 'Stored (or a duplicate, or the verification handshake).' },
      400: problem('Not JSON, or not an 8x8 event.'),
      401: problem(
        'Missing or invalid signature, unknown key, or outside WEBHOOK_MAX_SKEW_SECONDS.',
      ),
      415: problem('Not application/json.'),
    },
  },
  'GET /parley.js': {
    summary: 'The widget’s script tag loader',
    description:
      'The loader the `<script>` tag loads (cached 5 minutes); it loads the app from /widget/* (content-hashed, cached a year).',
    tags: ['widget'],
    responses: {
      200: {
        description: 'JavaScript.',
        content: { 'text/javascript': { schema: { type: 'string' } } },
      },
      503: problem('The widget is not built on this proxy.'),
    },
  },
  'GET /healthz': {
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    responses: { 200: { description: 'Alive.', content: json({ type: 'object' }) } },
  },
  'GET /readyz': {
    summary: 'Readiness: the store and 8x8 are reachable',
    tags: ['operations'],
    responses: {
      200: { description: 'Ready.', content: json({ type: 'object' }) },
      503: { description: 'Not ready, or shutting down.', content: json({ type: 'object' }) },
    },
  },
  'GET /metrics': {
    summary: 'Prometheus metrics',
    tags: ['operations'],
    security: 'metrics',
    responses: {
      200: {
        description: 'Prometheus text format.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
      401: problem('METRICS_TOKEN is set and the bearer token does not match.'),
    },
  },
};
