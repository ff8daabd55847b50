import {
  Availability,
  DeliveryReceipt,
  OfflineMessageRequest,
  TranscriptEmailRequest,
} from './availability-api.js';
import { BODY_LIMITS } from './limits.js';
import { json, problem, type RouteContract } from './route-contract.js';
import { ConversationParams } from './widget-api.js';

/** Business hours, offline messages and the transcript email, under /v1 (see widget-routes.ts). */

const tags = ['widget'];
const BAD_REQUEST = problem('The request does not match the schema; `detail` says where.');
const FORBIDDEN = problem(
  'The page’s Origin is not in ALLOWED_ORIGINS (or a POST came with no Origin).',
);
const RATE_LIMITED = problem('A rate limit; wait `Retry-After` seconds.');
const UNAVAILABLE = problem('The store cannot write; retry after `Retry-After` seconds.');

export const readAvailability = {
  summary: 'Is the contact center open?',
  description:
    'Asked before a chat starts: open or closed (8x8’s schedule when CC_SCHEDULE_ID is set, else OPENING_HOURS), the next opening when known, and what the widget may offer (offline form, transcript email, departments).',
  tags,
  response: { 200: json('Now.', Availability), 403: FORBIDDEN },
} satisfies RouteContract;

export const sendOfflineMessage = {
  summary: 'Leave a message while closed',
  description:
    'Stored before it is answered, then delivered (to the offline queue at 8x8, or by email) with retries until it is: 202 means it will not be lost.',
  tags,
  body: OfflineMessageRequest,
  response: {
    202: json('Stored; delivery follows.', DeliveryReceipt),
    400: BAD_REQUEST,
    403: FORBIDDEN,
    404: problem('This proxy takes no offline messages (OFFLINE_DELIVERY=off).'),
    413: problem(`The body is over ${BODY_LIMITS.sendMessage / 1024} KB.`),
    415: problem('The body is not application/json.'),
    429: RATE_LIMITED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;

export const sendTranscriptEmail = {
  summary: 'Email the transcript to the visitor',
  description:
    'Sent by the proxy’s mailer (SMTP_URL), with retries; rate-limited per conversation (TRANSCRIPT_EMAIL_LIMIT).',
  tags,
  security: [{ conversationToken: [] }],
  params: ConversationParams,
  body: TranscriptEmailRequest,
  response: {
    202: json('Stored; the email follows.', DeliveryReceipt),
    400: BAD_REQUEST,
    401: problem('The token is missing, wrong or expired.'),
    403: FORBIDDEN,
    404: problem('This proxy sends no email (SMTP_URL is not set).'),
    413: problem('The body is too large.'),
    415: problem('The body is not application/json.'),
    429: RATE_LIMITED,
    503: UNAVAILABLE,
  },
} satisfies RouteContract;
