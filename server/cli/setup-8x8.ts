import { parseArgs } from 'node:util';
import type { ContactCenterApi } from '../config.js';
import { loadDotEnv } from '../env-reader.js';
import { isEntryPoint } from '../paths.js';
import { ConfigurationApi } from '../upstream/configuration-api.js';
import { UpstreamError } from '../upstream/contact-center.js';
import { setUpTenant } from './tenant-setup.js';

/**
 * `npm run 8x8:setup -- --public-url https://chat.example.com --queue 101`
 *
 * Configures 8x8 for a Parley proxy through 8x8's API (tenant-setup.ts): a
 * webhook pointing at the proxy's /webhooks/8x8, verified by 8x8 (the proxy
 * must be running and reachable there; if it is not, a warning says what to
 * check), and a Chat API channel routing to the queue. Run again, it reuses (and
 * updates) what it made. Progress goes to stderr; the variables to put in the
 * proxy's environment go to stdout, so `... >> .env` works.
 *
 * The credentials come from the environment (or .env), never from arguments
 * (which shells keep in their history): CC_API_KEY, and for CC_API=chat-api also
 * CC_API_SECRET and CC_TENANT_ID.
 */

const USAGE = `Usage: parley 8x8:setup --public-url <url> --queue <queue id> [options]
   or: npm run 8x8:setup -- --public-url <url> --queue <queue id> [options]

Options (each also read from the environment variable in brackets):
  --public-url <url>   the proxy's public URL, 8x8 calls <url>/webhooks/8x8   [PUBLIC_URL]
  --queue <id>         the 8x8 queue new chats go to                           [CC_QUEUE_ID]
  --api <name>         chat-gateway (default) or chat-api (legacy)              [CC_API]
  --base-url <url>     8x8's API host (default https://api.8x8.com)             [CC_BASE_URL]
  --tenant <id>        X-8x8-Tenant (gateway), the tenant (legacy, required)    [CC_TENANT_ID]
  --region <region>    us, eu, ca or ap (legacy; default us)                    [CC_REGION]
  --name <name>        the webhook's and channel's name (default Parley)
Credentials, from the environment or .env only: CC_API_KEY, CC_API_SECRET (legacy).`;

class UsageError extends Error {}

interface SetupOptions {
  api: ContactCenterApi;
  baseUrl: string;
  publicUrl: string;
  queueId: string;
  name: string;
  apiKey: string;
  apiSecret?: string;
  tenantId?: string;
  region: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): SetupOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'public-url': { type: 'string' },
      queue: { type: 'string' },
      api: { type: 'string' },
      'base-url': { type: 'string' },
      tenant: { type: 'string' },
      region: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('');
  const api = values.api ?? env.CC_API ?? 'chat-gateway';
  if (api !== 'chat-gateway' && api !== 'chat-api') {
    throw new UsageError(`--api must be chat-gateway or chat-api, not "${api}"`);
  }
  const publicUrl = (values['public-url'] ?? env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new UsageError(
      '--public-url (or PUBLIC_URL) must be the http(s) URL 8x8 reaches the proxy at',
    );
  }
  const queueId = values.queue ?? env.CC_QUEUE_ID ?? '';
  if (!queueId)
    throw new UsageError('--queue (or CC_QUEUE_ID) is required: the queue new chats go to');
  const apiKey = env.CC_API_KEY ?? '';
  if (!apiKey) throw new UsageError('CC_API_KEY must be set in the environment or .env');
  const tenantId = values.tenant ?? env.CC_TENANT_ID;
  const apiSecret = env.CC_API_SECRET;
  if (api === 'chat-api' && (!apiSecret || !tenantId)) {
    throw new UsageError('the legacy chat-api needs CC_API_SECRET and --tenant (or CC_TENANT_ID)');
  }
  const region = values.region ?? env.CC_REGION ?? 'us';
  if (!['us', 'eu', 'ca', 'ap'].includes(region)) {
    throw new UsageError(`--region must be us, eu, ca or ap, not "${region}"`);
  }
  return {
    api,
    baseUrl: (values['base-url'] ?? env.CC_BASE_URL ?? 'https://api.8x8.com').replace(/\/+$/, ''),
    publicUrl,
    queueId,
    name: values.name ?? 'Parley',
    apiKey,
    region,
    ...(apiSecret ? { apiSecret } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** Runs the setup; answers the environment lines for the proxy, and whether 8x8 verified it. */
async function setup8x8(options: SetupOptions, say: (line: string) => void) {
  const api = new ConfigurationApi(options);
  say(
    `8x8 setup: ${options.api === 'chat-api' ? 'legacy Chat API v2' : 'Chat Gateway v1'} at ${options.baseUrl}`,
  );
  const { channel, verified } = await setUpTenant(
    api,
    { name: options.name, uri: `${options.publicUrl}/webhooks/8x8`, queueId: options.queueId },
    say,
  );
  const lines = [
    `CC_API=${options.api}`,
    ...(options.baseUrl !== 'https://api.8x8.com' ? [`CC_BASE_URL=${options.baseUrl}`] : []),
    `CC_CHANNEL_ID=${channel.id}`,
    ...(options.tenantId ? [`CC_TENANT_ID=${options.tenantId}`] : []),
    ...(options.api === 'chat-api' ? [`CC_REGION=${options.region}`] : []),
    `PUBLIC_URL=${options.publicUrl}`,
  ];
  return { lines, verified };
}

/** The command: `parley 8x8:setup ...` and `npm run 8x8:setup -- ...`. */
export async function main(argv: string[]) {
  loadDotEnv();
  let options: SetupOptions;
  try {
    options = readOptions(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    if (error.message) console.error(`8x8:setup: ${error.message}\n`);
    console.error(USAGE);
    process.exit(error.message ? 2 : 0);
  }
  try {
    const { lines, verified } = await setup8x8(options, (line) => console.error(line));
    console.error(
      `\nPut these in the proxy's environment (or .env), next to CC_API_KEY${options.api === 'chat-api' ? ' and CC_API_SECRET' : ''}, and restart it:\n`,
    );
    console.log(lines.join('\n'));
    if (!verified) {
      console.error('\n8x8 has not verified the webhook yet: see the warning above.');
    }
  } catch (error) {
    const detail =
      error instanceof UpstreamError || error instanceof Error ? error.message : String(error);
    console.error(`8x8:setup failed: ${detail}`);
    process.exit(1);
  }
}

// Run directly (npm run 8x8:setup), not when the parley command imports it.
if (isEntryPoint(import.meta.url)) await main(process.argv.slice(2));
