import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { servedOpenApi } from '../../test/support/openapi.js';
import type { RegisteredRoute } from './openapi.js';
import { routeKey } from './openapi.js';
import { routeDocs } from './route-docs.js';

/** Served by the proxy but not API: the static files behind /parley.js, CORS preflights. */
const notApi = (route: RegisteredRoute) =>
  route.method === 'HEAD' || route.method === 'OPTIONS' || route.path.startsWith('/widget/');

let served: Awaited<ReturnType<typeof servedOpenApi>>;
beforeAll(async () => {
  served = await servedOpenApi();
});

describe('the OpenAPI document', () => {
  it('is served at GET /v1/openapi.json as OpenAPI 3.1', () => {
    expect(served.status).toBe(200);
    expect(served.document.openapi).toBe('3.1.0');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect((served.document.info as { version: string }).version).toBe(pkg.version);
  });

  it('is committed as docs/openapi.json exactly as served (run npm run openapi after changing a route)', () => {
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as unknown;
    expect(committed).toEqual(served.document);
  });

  it('describes every route the proxy serves, and no route it does not', () => {
    const registered = served.routes.filter((route) => !notApi(route)).map(routeKey);
    expect(new Set(registered)).toEqual(new Set(Object.keys(routeDocs)));
  });

  it('takes parameters and bodies from the schemas the proxy validates with', () => {
    const paths = served.document.paths as Record<string, Record<string, OperationShape>>;
    const send = paths['/v1/conversations/{conversationId}/messages']!.post!;
    const body = send.requestBody!.content['application/json']!.schema as {
      properties: { text: { maxLength: number } };
    };
    expect(body.properties.text.maxLength).toBe(5000);
    for (const [path, operations] of Object.entries(paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      for (const operation of Object.values(operations)) {
        const declared = (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        expect(declared.sort(), path).toEqual(inPath.sort());
        expect(Object.keys(operation.responses).length, path).toBeGreaterThan(0);
      }
    }
  });

  it('has no dangling $ref', () => {
    const text = JSON.stringify(served.document);
    const components = (served.document.components as { schemas: Record<string, unknown> }).schemas;
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(components, name).toHaveProperty(name!);
    }
  });
});

interface OperationShape {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}
