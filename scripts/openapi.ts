import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { servedOpenApi } from '../test/support/openapi.js';

/**
 * `npm run openapi`: regenerates docs/openapi.json from what a proxy serves at
 * GET /v1/openapi.json (itself generated from the routes' contracts, see
 * protocol/route-contract.ts). server/openapi/openapi.test.ts fails until the
 * committed file matches.
 */
const { document } = await servedOpenApi();
const file = 'docs/openapi.json';
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
spawnSync('npx', ['biome', 'format', '--write', file], { stdio: 'ignore' });
console.log(`wrote ${file}`);
