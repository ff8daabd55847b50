import { type Static, type TSchema, Type } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

/** Stored data that is not what this version wrote: corrupt, or from an unknown version. */
export class StoredDataError extends Error {}

const validators = new WeakMap<TSchema, Validator>();

/**
 * JSON read back from storage (the event log, the bus, the outbox, expiring values),
 * parsed and checked against its schema: what comes out has the type it claims, and
 * anything else is a StoredDataError naming `what` and the first mismatch, never a
 * value of the wrong shape travelling further. Validators are compiled once per schema.
 */
export function parseStored<T extends TSchema>(schema: T, text: string, what: string): Static<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoredDataError(`${what} is not JSON`);
  }
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  if (!validator.Check(value)) {
    const [first] = validator.Errors(value);
    const where = first ? ` (${first.instancePath || '/'}: ${first.message})` : '';
    throw new StoredDataError(`${what} does not have the stored shape${where}`);
  }
  return value as Static<T>;
}

/** The 8x8 attachment ids of an outbox message, as both stores keep them. */
export const AttachmentIds = Type.Array(Type.String());
