import type { FastifyTypeProvider } from 'fastify';
import type { Static, TSchema } from 'typebox';

/**
 * The Fastify type provider of the route contracts (protocol/route-contract.ts):
 * a handler's params, query and body are the TypeBox types of their schemas, as
 * with @fastify/type-provider-typebox, and answers are typed the way contracts
 * write them: `reply.code(201).send(x)` is checked against the 201 answer's
 * schema (Fastify unwraps an answer's `content` for the reply as a whole, not
 * per status), and an answer without a body takes none.
 */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends { content: Record<string, { schema: infer Body }> }
    ? Body extends TSchema
      ? Static<Body>
      : unknown
    : this['schema'] extends { '~kind': string }
      ? Static<this['schema']>
      : this['schema'] extends { description: string }
        ? undefined
        : unknown;
}
