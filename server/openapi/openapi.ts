import type { FastifyInstance, FastifySchema } from 'fastify';
import { Type } from 'typebox';
import { json, type RouteContract } from '../../protocol/route-contract.js';
import { version } from '../version.js';
import { Components } from './components.js';

/** A route as Fastify registered it: what the OpenAPI document is generated from. */
export interface RegisteredRoute {
  method: string;
  /** OpenAPI style: `/v1/conversations/{conversationId}`. */
  path: string;
  /** Its contract (protocol/route-contract.ts), as the route's plugins left it. */
  readonly schema: FastifySchema | undefined;
}

type Schema = Record<string, unknown>;

/** Records every route from now on; call right after creating the app, before any route. */
export function recordRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of methods) {
      // Read when asked: a later onRoute hook may still give the route its contract.
      routes.push({
        method,
        path,
        get schema() {
          return route.schema;
        },
      });
    }
  });
  return routes;
}

/** `METHOD /path` of a route. */
export const routeKey = (route: RegisteredRoute) => `${route.method} ${route.path}`;

/** The route's contract, if its schema is one: a summary, and at least one answer. */
export function contractOf(route: RegisteredRoute): RouteContract | undefined {
  const schema = route.schema as Partial<RouteContract> | undefined;
  const answers = Object.keys(schema?.response ?? {});
  return typeof schema?.summary === 'string' && answers.length > 0
    ? (schema as RouteContract)
    : undefined;
}

/** Left out of the document: HEAD (GET's twin, made by Fastify) and what is marked hidden. */
export const isDocumented = (route: RegisteredRoute) =>
  route.method !== 'HEAD' && contractOf(route)?.hide !== true;

/** The OpenAPI 3.1 document of the routes, each from its contract. */
function buildOpenApi(routes: RegisteredRoute[]) {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const contract = contractOf(route);
    if (!contract || !isDocumented(route)) continue;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(contract, components);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley proxy',
      version: version(),
      description:
        'The API the Parley widget uses (under /v1), the 8x8 webhook receiver, and the operations endpoints. Generated from the route schemas by `npm run openapi`. Any route may also answer 500 (a problem) when the proxy fails unexpectedly.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths: sorted,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        conversationToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The `token` from starting the conversation.',
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when set.' },
      },
    },
  };
}

function operation(contract: RouteContract, components: Components) {
  const parameters = [
    ...parametersOf(contract.params, 'path', components),
    ...parametersOf(contract.querystring, 'query', components),
  ];
  const body = contract.body as Schema | undefined;
  const requestBody =
    contract.requestBody ??
    (body
      ? {
          required: Array.isArray(body.required),
          content: { 'application/json': { schema: components.use(body) } },
        }
      : undefined);
  return {
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: contract.tags,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(contract.security ? { security: contract.security } : {}),
    responses: components.use(contract.response),
  };
}

function parametersOf(schema: unknown, where: 'path' | 'query', components: Components) {
  const { properties = {}, required = [] } = (schema ?? {}) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: components.use(property),
  }));
}

const openApiDocument = {
  summary: 'This document',
  tags: ['operations'],
  response: { 200: json('OpenAPI 3.1.', Type.Object({}, { additionalProperties: true })) },
} satisfies RouteContract;

/** GET /v1/openapi.json */
export async function openApiRoute(app: FastifyInstance, options: { routes: RegisteredRoute[] }) {
  // Sent as the JSON text, built once: no serializer between the document and the client.
  let document: string | undefined;
  app.get('/v1/openapi.json', { schema: openApiDocument }, async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApi(options.routes));
    return reply
      .header('cache-control', 'public, max-age=300')
      .type('application/json; charset=utf-8')
      .send(document);
  });
}
