import type { TSchema } from 'typebox';
import { Problem } from './problem.js';

/**
 * A route's contract, in one place: what it is (summary, description, tags),
 * who may call it (security), what it takes (params, querystring, body) and
 * every answer it gives (response, keyed by status, each with its description
 * and, when it has a body, the body's media type and schema). It is the route's
 * Fastify schema as it is: Fastify validates the request and serializes the
 * answer by it, the TypeBox type provider types the handler from it, and the
 * OpenAPI document (server/openapi/) is generated from it.
 */
export interface RouteContract {
  summary: string;
  description?: string;
  tags: string[];
  /** An OpenAPI security requirement (the schemes are in server/openapi/openapi.ts). */
  security?: Record<string, string[]>[];
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /**
   * A body the route reads itself (the raw bytes: uploads, signed webhooks), so
   * not Fastify's to validate: documented as this OpenAPI request body.
   */
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  response: Record<number, Answer>;
  /** Left out of the OpenAPI document (CORS preflights, static files, the demo page). */
  hide?: boolean;
}

export interface Answer {
  description: string;
  content?: Record<string, { schema: TSchema }>;
}

/** A JSON answer. */
export const json = <T extends TSchema>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An error answer: always an RFC 9457 problem. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** An answer of another media type (text, a script, a stream), described by `schema`. */
export const media = <T extends TSchema>(type: string, description: string, schema: T) => ({
  description,
  content: { [type]: { schema } } as Record<string, { schema: T }>,
});
