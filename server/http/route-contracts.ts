import { Type } from 'typebox';
import { json, media, problem, type RouteContract } from '../../protocol/route-contract.js';

/**
 * The contracts of the proxy's routes beyond the widget API (which are in
 * protocol/widget-routes.ts): 8x8's webhook, the operations endpoints and the
 * widget's files. See protocol/route-contract.ts.
 */

/** 8x8's webhooks may be large (a message with cards); far more is not 8x8. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export const webhook = {
  summary: '8x8’s signed webhook events',
  description:
    'Called by 8x8, not by browsers. Verified as a detached RS256 JWS over the x-8x8-* headers and the CRC-32 of the body; deduplicated on x-8x8-event-id; 2xx only once the event is stored (8x8 retries anything else).',
  tags: ['8x8'],
  requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
  response: {
    200: json(
      'Stored, or a duplicate (no body); or the verification handshake, answered `{"ok": true}`.',
      Type.Object({ ok: Type.Boolean() }),
    ),
    202: {
      description:
        'An event type this proxy does not know (acknowledged and ignored), or a conversation it does not know (yet): kept for two minutes in case its create has not returned, then forgotten.',
    },
    400: problem('Not JSON, or not an 8x8 event.'),
    401: problem('Missing or invalid signature, unknown key, or outside WEBHOOK_MAX_SKEW_SECONDS.'),
    403: problem(
      'Correctly signed, but its x-8x8-tenant-id or x-8x8-customer-id is not CC_TENANT_ID or CC_CUSTOMER_ID; 8x8 retries.',
    ),
    413: problem(`The body is over ${WEBHOOK_BODY_LIMIT / 1024 / 1024} MB.`),
    415: problem('Not application/json.'),
    503: problem(
      '8x8’s signing keys could not be fetched (no body), or the store cannot write; 8x8 retries after `Retry-After`.',
    ),
  },
} satisfies RouteContract;

const operations = ['operations'];

export const liveness = {
  summary: 'Liveness: the process answers',
  tags: operations,
  response: { 200: json('Alive.', Type.Object({ status: Type.Literal('ok') })) },
} satisfies RouteContract;

const Readiness = Type.Object({
  status: Type.Enum(['ready', 'not ready', 'shutting down']),
  store: Type.Optional(Type.Boolean({ description: 'The store can write.' })),
  contactCenter: Type.Optional(Type.Boolean({ description: '8x8 is reachable.' })),
});

export const readiness = {
  summary: 'Readiness: the store and 8x8 are reachable',
  tags: operations,
  response: {
    200: json('Ready.', Readiness),
    503: json('Not ready, or shutting down.', Readiness),
  },
} satisfies RouteContract;

export const metrics = {
  summary: 'Prometheus metrics',
  tags: operations,
  security: [{}, { metricsToken: [] }],
  response: {
    200: media('text/plain', 'Prometheus text format.', Type.String()),
    401: problem('METRICS_TOKEN is set and the bearer token does not match.'),
  },
} satisfies RouteContract;

const widgetNotBuilt = problem('The widget is not built on this proxy.');

export const loaderScript = {
  summary: 'The widget’s script tag loader',
  description:
    'The loader the `<script>` tag loads (cached 5 minutes); it loads the app from /widget/* (content-hashed, cached a year).',
  tags: ['widget'],
  response: {
    200: media('text/javascript', 'JavaScript.', Type.String()),
    304: { description: 'Not modified since the copy the browser has.' },
    503: widgetNotBuilt,
  },
} satisfies RouteContract;

/** The app's files, by content-hashed name (served by @fastify/static). */
export const widgetFiles = {
  summary: 'The widget app’s files',
  tags: ['widget'],
  hide: true,
  response: {
    200: { description: 'The file (JavaScript, CSS, a language chunk).' },
    304: { description: 'Not modified.' },
    403: problem('A path outside the widget’s files.'),
    404: problem('No such file.'),
  },
} satisfies RouteContract;

export const demoPage = {
  summary: 'The demo website (demo mode only)',
  tags: ['widget'],
  hide: true,
  response: {
    200: media('text/html', 'The demo page, the widget embedded.', Type.String()),
    304: { description: 'Not modified.' },
  },
} satisfies RouteContract;
