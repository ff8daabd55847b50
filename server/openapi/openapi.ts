import type { FastifyInstance, FastifySchema } from 'fastify';
import { version } from '../cli/version.js';
import { type RouteDoc, routeDocs, schemas } from './route-docs.js';

/** A route as Fastify registered it: what the OpenAPI document is generated from. */
export interface RegisteredRoute {
  method: string;
  /** OpenAPI style: `/v1/conversations/{conversationId}`. */
  path: string;
  schema?: FastifySchema;
}

type Schema = Record<string, unknown>;

/** Records every route from now on; call right after creating the app, before any route. */
export function recordRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of methods) {
      routes.push({ method, path, ...(route.schema ? { schema: route.schema } : {}) });
    }
  });
  return routes;
}

/** `METHOD /path` of a route, as routeDocs is keyed. */
export const routeKey = (route: RegisteredRoute) => `${route.method} ${route.path}`;

/**
 * The OpenAPI 3.1 document of the documented routes: parameters and bodies from
 * their Fastify schemas (what the proxy really validates), the rest from routeDocs.
 */
export function buildOpenApi(routes: RegisteredRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = routeDocs[routeKey(route)];
    if (!doc) continue;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, doc);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley proxy',
      version: version(),
      description:
        'The API the Parley widget uses (under /v1), the 8x8 webhook receiver, and the operations endpoints. Generated from the route schemas by `npm run openapi`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths: sorted,
    components: {
      schemas,
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

function operation(route: RegisteredRoute, doc: RouteDoc) {
  const schema = (route.schema ?? {}) as Record<string, Schema | undefined>;
  const parameters = [
    ...parametersOf(schema.params, 'path'),
    ...parametersOf(schema.querystring, 'query'),
  ];
  const body = schema.body;
  const requestBody =
    doc.requestBody ??
    (body
      ? {
          required: Array.isArray(body.required),
          content: { 'application/json': { schema: body } },
        }
      : undefined);
  const security =
    doc.security === 'conversation'
      ? [{ conversationToken: [] }]
      : doc.security === 'metrics'
        ? [{}, { metricsToken: [] }]
        : undefined;
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(security ? { security } : {}),
    responses: doc.responses,
  };
}

function parametersOf(schema: Schema | undefined, where: 'path' | 'query') {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = (schema?.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

/** GET /v1/openapi.json */
export async function openApiRoute(app: FastifyInstance, options: { routes: RegisteredRoute[] }) {
  let document: ReturnType<typeof buildOpenApi> | undefined;
  app.get('/v1/openapi.json', async (_request, reply) => {
    document ??= buildOpenApi(options.routes);
    return reply.header('cache-control', 'public, max-age=300').send(document);
  });
}
