import { type Static, Type } from 'typebox';
import { AttachmentLimits } from './widget-api.js';

/**
 * Business hours, the offline form, departments and the transcript email
 * (issue 17): the bodies of their widget routes. The widget only `import type`s these.
 */

/** GET /v1/availability */
export const Availability = Type.Object(
  {
    open: Type.Boolean({ description: 'Chats are taken now.' }),
    nextOpenAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'When it opens again, if known (closed only; from OPENING_HOURS).',
      }),
    ),
    source: Type.Union([
      Type.Literal('always'),
      Type.Literal('hours'),
      Type.Literal('8x8-schedule'),
    ]),
    agentsLoggedIn: Type.Optional(
      Type.Boolean({ description: 'Whether any agent is logged in, when the proxy knows.' }),
    ),
    // open but no agent logged in (issue 17)
    agentsAvailable: Type.Optional(
      Type.Boolean({
        description:
          "Whether any agent could take a chat now (8x8's `availableIdle.rt`), when the proxy knows.",
      }),
    ),
    reason: Type.Optional(
      Type.Union([Type.Literal('hours'), Type.Literal('no-agents')], {
        description:
          "Closed only: by the hours (OPENING_HOURS or 8x8's schedule), or because nobody is logged in (WHEN_NO_AGENTS=offline). Statistics 8x8 does not give never close.",
      }),
    ),
    offlineForm: Type.Boolean({ description: 'Offline messages are taken while closed.' }),
    transcriptEmail: Type.Boolean({
      description: 'The visitor may ask for the transcript by email.',
    }),
    departments: Type.Array(Type.Object({ id: Type.String(), label: Type.String() }), {
      description: 'What the pre-chat form may offer (DEPARTMENTS); empty for none.',
    }),
    attachments: AttachmentLimits,
  },
  { title: 'Availability', additionalProperties: false },
);
export type Availability = Static<typeof Availability>;

export const DEPARTMENT_ID = '^[a-z0-9-]{1,40}$';

/** An address the proxy will write to: one line, no display name, no header tricks. */
export const EmailAddress = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^[^\\s@<>(),;:"\\\\]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}$',
});

/** POST /v1/offline-messages */
export const OfflineMessageRequest = Type.Object(
  {
    id: Type.String({
      pattern: '^[A-Za-z0-9_-]{8,64}$',
      description: 'Chosen by the widget: a repeat with the same id stores nothing twice.',
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: EmailAddress,
    message: Type.String({ minLength: 1, maxLength: 5000 }),
    consent: Type.Literal(true, { description: 'The visitor agreed to be contacted.' }),
    locale: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
    pageUrl: Type.Optional(Type.String({ maxLength: 2000, format: 'uri' })),
    department: Type.Optional(Type.String({ pattern: DEPARTMENT_ID })),
  },
  { additionalProperties: false },
);
export type OfflineMessageRequest = Static<typeof OfflineMessageRequest>;

export const DeliveryReceipt = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('delivered'),
      Type.Literal('failed'),
    ]),
  },
  { title: 'DeliveryReceipt' },
);
export type DeliveryReceipt = Static<typeof DeliveryReceipt>;

/** POST /v1/conversations/{id}/transcript-email */
export const TranscriptEmailRequest = Type.Object(
  { email: EmailAddress },
  { additionalProperties: false },
);
export type TranscriptEmailRequest = Static<typeof TranscriptEmailRequest>;
