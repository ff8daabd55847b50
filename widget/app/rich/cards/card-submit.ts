/** What a submit sends: the action's `data` (an object) merged with the card's input values. */
export type SubmitData = Record<string, string | number | boolean>;
/** The action that submits, as 8x8's `adaptiveCard/action` value names it. */
export type SubmitType = 'Action.Submit' | 'Action.Execute';

/**
 * The values of a card's inputs, by input id, as Adaptive Cards submit them:
 * text, dates and single choices as strings, numbers as numbers (empty: left
 * out), a toggle as its valueOn / valueOff, a multi-select as its chosen values
 * joined with commas.
 */
export function inputValues(form: HTMLFormElement): SubmitData {
  const values: SubmitData = {};
  const multi = new Map<string, string[]>();
  for (const element of Array.from(form.querySelectorAll<HTMLInputElement>('[data-card-input]'))) {
    const { name } = element;
    const kind = element.dataset.cardInput;
    if (!name) continue;
    if (kind === 'Input.Toggle') {
      values[name] = element.checked ? element.value : (element.dataset.valueOff ?? 'false');
    } else if (kind === 'Input.ChoiceSet.multi') {
      const chosen = multi.get(name) ?? [];
      if (element.checked) chosen.push(element.value);
      multi.set(name, chosen);
    } else if (kind === 'Input.ChoiceSet' && element.type === 'radio') {
      if (element.checked) values[name] = element.value;
      else values[name] ??= '';
    } else if (kind === 'Input.Number') {
      if (element.value !== '') values[name] = Number(element.value);
    } else {
      values[name] = element.value;
    }
  }
  for (const [name, chosen] of multi) values[name] = chosen.join(',');
  return values;
}

/** An Action.Submit's `data`: an object's own primitive fields (a string is sent as `{ data }`). */
export function actionData(data: unknown): SubmitData {
  if (typeof data === 'string') return { data };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const out: SubmitData = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

/** What the visitor's answer says as text (the agent reads it; 8x8 carries no card in a reply view): the button, then each value. */
export function submitSummary(title: string, data: SubmitData): string {
  const lines = Object.entries(data).map(([key, value]) => `${key}: ${String(value)}`);
  return [title || 'Submit', ...lines].join('\n').slice(0, 5000);
}
