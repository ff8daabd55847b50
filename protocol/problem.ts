import { type Static, Type } from 'typebox';

/**
 * RFC 9457 problem details, as every error from the proxy is shaped. A 429 (rate
 * limit) and a 503 (8x8 unavailable, proxy shutting down) carry `Retry-After`
 * (seconds) in their headers.
 */
export const Problem = Type.Object(
  {
    type: Type.String({ examples: ['about:blank'] }),
    title: Type.String({ examples: ['Invalid request'] }),
    status: Type.Integer({ examples: [400] }),
    detail: Type.String({ examples: ['body/text must NOT have more than 5000 characters'] }),
  },
  {
    title: 'Problem',
    description: 'RFC 9457 problem details: every error the proxy answers has this shape.',
  },
);
export type Problem = Static<typeof Problem>;
