import { isRecord } from '../upstream/json-read.js';
import { SimulatorError } from './simulator-error.js';

/**
 * The part of FIQL (8x8's list `filter`, e.g. `user.userId==abc;state==active`)
 * the simulator understands: comparisons `selector==value` and `selector!=value`,
 * joined by `;` (and) and `,` (or, binding looser), values bare or quoted. A
 * selector is a dotted path into the listed item. Anything else, grouping with
 * parentheses included, is answered 400 rather than half-understood.
 */
export function fiqlFilter(filter: string | undefined): (item: unknown) => boolean {
  if (filter === undefined || filter === '') return () => true;
  const alternatives = filter.split(',').map((part) => part.split(';').map(comparison));
  return (item) => alternatives.some((all) => all.every((test) => test(item)));
}

const COMPARISON = /^([A-Za-z_][\w.]*)(==|!=)(?:"([^"]*)"|'([^']*)'|([^"'();,=!<>~]+))$/;

function comparison(text: string): (item: unknown) => boolean {
  const match = COMPARISON.exec(text.trim());
  if (!match) throw new SimulatorError(400, `filter: cannot read "${text}".`);
  const [, selector, operator, ...values] = match as unknown as [
    string,
    string,
    string,
    ...string[],
  ];
  const value = values.find((candidate) => candidate !== undefined) ?? '';
  return (item) => {
    const actual = at(item, selector);
    const equal = actual !== undefined && String(actual) === value;
    return operator === '==' ? equal : !equal;
  };
}

function at(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) value = isRecord(value) ? value[key] : undefined;
  return value;
}
