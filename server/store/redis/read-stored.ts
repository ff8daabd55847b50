import type { Redis } from 'ioredis';
import type { Static, TSchema } from 'typebox';
import { parseStored } from '../../stored-json.js';

/**
 * The JSON string at `key`, checked against its schema (stored-json.ts);
 * undefined when the key does not exist (never written, or expired).
 */
export async function readStored<T extends TSchema>(
  redis: Redis,
  key: string,
  schema: T,
  what: string,
): Promise<Static<T> | undefined> {
  const text = await redis.get(key);
  return text === null ? undefined : parseStored(schema, text, what);
}
