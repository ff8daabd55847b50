import { textNodes } from '../text-nodes.js';
import { useCard } from './card-context.js';
import { type Fields, fields, list, str } from './card-json.js';

export const INPUT_TYPES = new Set([
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.Toggle',
  'Input.ChoiceSet',
]);

/**
 * An input of a card, as a native form control named by its `id` (what the
 * submit reports it under, card-submit.ts). Native validation (required, min,
 * max, maxLength) runs before a submit. An input without an id cannot be
 * answered: it shows as its label only.
 */
export function AdaptiveInput({ item }: { item: Fields }) {
  const { locked, idPrefix } = useCard();
  const name = str(item.id);
  const label = str(item.label);
  if (!name) return label ? <p class="card-text">{textNodes(label)}</p> : null;
  const id = `${idPrefix}-${name}`;
  const common = {
    id,
    name,
    disabled: locked,
    required: item.isRequired === true,
    'data-card-input': str(item.type),
  };
  const labelled = (control: preact.ComponentChildren) => (
    <div class="card-input">
      {label && <label for={id}>{textNodes(label)}</label>}
      {control}
    </div>
  );
  switch (item.type) {
    case 'Input.Text':
      return labelled(textInput({ item, common, label }));
    case 'Input.Number':
      return labelled(
        <input
          {...common}
          type="number"
          {...bounds(item)}
          value={str(item.value)}
          placeholder={str(item.placeholder)}
          aria-label={label ? undefined : (str(item.placeholder) ?? name)}
        />,
      );
    case 'Input.Date':
    case 'Input.Time':
      return labelled(
        <input
          {...common}
          type={item.type === 'Input.Date' ? 'date' : 'time'}
          {...bounds(item)}
          value={str(item.value)}
          aria-label={label ? undefined : (str(item.placeholder) ?? name)}
        />,
      );
    case 'Input.Toggle':
      return toggle({ item, common, label });
    case 'Input.ChoiceSet':
      return choiceSet({ item, common, label });
    default:
      return null;
  }
}

type Common = { id: string; name: string; disabled: boolean; required: boolean };

/**
 * What every input's drawing gets: the card's element, its shared attributes,
 * its label. Plain calls, not components: a long card has many inputs.
 */
type InputProps = { item: Fields; common: Common; label: string | undefined };

function bounds(item: Fields) {
  const min = str(item.min);
  const max = str(item.max);
  return { ...(min ? { min } : {}), ...(max ? { max } : {}) };
}

function textInput({ item, common, label }: InputProps) {
  const maxLength = typeof item.maxLength === 'number' ? item.maxLength : 5000;
  const props = {
    ...common,
    maxLength: Math.min(maxLength, 5000),
    placeholder: str(item.placeholder),
    value: str(item.value),
    'aria-label': label ? undefined : (str(item.placeholder) ?? common.name),
  };
  if (item.isMultiline === true) return <textarea {...props} rows={3} />;
  const kind = str(item.style)?.toLowerCase();
  const type = kind === 'email' || kind === 'tel' || kind === 'url' ? kind : 'text';
  return <input {...props} type={type as 'text'} />;
}

function toggle({ item, common, label }: InputProps) {
  const on = str(item.valueOn) ?? 'true';
  const off = str(item.valueOff) ?? 'false';
  return (
    <div class="card-input card-toggle">
      {label && <p class="card-label">{textNodes(label)}</p>}
      <label>
        <input
          {...common}
          type="checkbox"
          value={on}
          data-value-off={off}
          defaultChecked={str(item.value) === on}
        />{' '}
        {textNodes(str(item.title) ?? label ?? common.name)}
      </label>
    </div>
  );
}

/**
 * Compact (the default): a select; expanded: radio buttons, or checkboxes when
 * `isMultiSelect` (the submit joins the chosen values with commas, per the spec).
 */
function choiceSet({ item, common, label }: InputProps) {
  const choices = list(item.choices).map(fields);
  const chosen = new Set((str(item.value) ?? '').split(','));
  const multi = item.isMultiSelect === true;
  if (!multi && item.style !== 'expanded') {
    return (
      <div class="card-input">
        {label && <label for={common.id}>{textNodes(label)}</label>}
        <select {...common} aria-label={label ? undefined : (str(item.placeholder) ?? common.name)}>
          {!chosen.has('') ? null : <option value="">{str(item.placeholder) ?? ''}</option>}
          {choices.map((option, index) => (
            <option
              key={index}
              value={str(option.value) ?? ''}
              selected={chosen.has(str(option.value) ?? '')}
            >
              {str(option.title) ?? ''}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <fieldset class="card-input card-choices" disabled={common.disabled}>
      <legend>{textNodes(label ?? str(item.placeholder) ?? common.name)}</legend>
      {choices.map((option, index) => {
        const value = str(option.value) ?? '';
        return (
          <label key={index}>
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={common.name}
              value={value}
              required={!multi && common.required}
              data-card-input={multi ? 'Input.ChoiceSet.multi' : 'Input.ChoiceSet'}
              defaultChecked={chosen.has(value)}
            />{' '}
            {textNodes(str(option.title) ?? value)}
          </label>
        );
      })}
    </fieldset>
  );
}
