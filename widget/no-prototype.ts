/**
 * Objects without a prototype. The widget shares the host page's JavaScript realm: a
 * property the page puts on Object.prototype (by accident or on purpose) shows through every
 * key a plain object lacks, as an option the site never set, a field an event does not
 * have, or, in Preact, an attribute, a ref or dangerouslySetInnerHTML on every element.
 * Options, state and data from the proxy are made with these, so a missing key is missing.
 */
export function bare<T extends object>(value: T): T {
  return Object.assign(Object.create(null), value);
}

/** JSON.parse, every object in the result without a prototype. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? bare(value) : value,
  ) as T;
}

/** A copy of JSON data (a message from another tab), every object without a prototype. */
export function bareData<T>(value: T): T {
  return parseJson(JSON.stringify(value));
}
