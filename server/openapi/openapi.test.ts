import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestParley } from '../../test/support/demo.js';
import { servedOpenApi } from '../../test/support/openapi.js';
import { contractOf, isDocumented, type RegisteredRoute, routeKey } from './openapi.js';

let served: Awaited<ReturnType<typeof servedOpenApi>>;
/** Every route of the demo (its page and the widget's files too), but the simulator's console. */
let demoRoutes: RegisteredRoute[];
beforeAll(async () => {
  served = await servedOpenApi();
  const widgetDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  writeFileSync(join(widgetDir, 'parley.js'), '/* the loader */');
  const demo = await startTestParley({}, { widgetDir });
  demoRoutes = demo.parley.parts.routes.filter((route) => !route.path.startsWith('/agent'));
  await demo.close();
  rmSync(widgetDir, { recursive: true, force: true });
});

describe('the route contracts', () => {
  it('give every route the proxy registers a summary and a schema for each answer', () => {
    const routes = [...served.routes, ...demoRoutes];
    expect(routes.map(routeKey)).toEqual(
      expect.arrayContaining(['GET /', 'GET /widget/*', 'GET /parley.js', 'OPTIONS /v1/*']),
    );
    const lacking = routes.filter((route) => !contractOf(route)).map(routeKey);
    expect(lacking).toEqual([]);
    for (const route of routes) {
      for (const [status, answer] of Object.entries(contractOf(route)!.response)) {
        expect(answer.description, `${routeKey(route)} ${status}`).toMatch(/\S/);
      }
    }
  });
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
    const registered = served.routes.filter(isDocumented).map(routeKey);
    const paths = served.document.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(new Set(registered)).toEqual(new Set(documented));
    expect(registered.length).toBeGreaterThanOrEqual(14);
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
