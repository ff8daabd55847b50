import { useState } from 'preact/hooks';
import type { VisitorDetails } from '../../../protocol/widget-api.js';
import { bare } from '../../no-prototype.js';
import type { PrechatFieldName } from '../../parley.js';
import { adoptSheet } from '../adopt-sheet.js';
import css from './prechat.css?inline';
import { useUi } from './ui.js';

const INPUT = {
  name: { type: 'text', autocomplete: 'name' },
  email: { type: 'email', autocomplete: 'email' },
  phone: { type: 'tel', autocomplete: 'tel' },
} as const;

const VALID: Record<PrechatFieldName, RegExp> = {
  name: /./,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  phone: /^[0-9+() .-]{3,40}$/,
};

/**
 * The details the site asks for before the chat, and the consent box when it has
 * consent text. Submitting only keeps them in memory: the conversation (and the
 * first request) starts with the visitor's first message.
 */
export function PrechatForm() {
  const { chat, strings, options } = useUi();
  adoptSheet(useUi().root, css);
  // No prototype (no-prototype.ts): a field not filled in is missing, whatever the page did.
  const [values, setValues] = useState<Record<string, string>>(() => bare({ ...chat.visitor }));
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>(() => bare({}));

  const check = () => {
    const found: Record<string, string> = bare({});
    for (const field of options.prechat) {
      const value = values[field.name]?.trim() ?? '';
      if (!value) {
        if (field.required) found[field.name] = strings.fieldRequired;
      } else if (!VALID[field.name].test(value)) {
        found[field.name] = field.name === 'email' ? strings.invalidEmail : strings.invalidPhone;
      }
    }
    if (options.consent && !consent) found.consent = strings.consentRequired;
    return found;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      (event.currentTarget as HTMLFormElement)
        .querySelector<HTMLElement>(`#parley-${first}`)
        ?.focus();
      return;
    }
    const details: VisitorDetails = {};
    for (const field of options.prechat) {
      const value = values[field.name]?.trim();
      if (value) details[field.name] = value;
    }
    chat.submitPrechat(details, Boolean(options.consent));
  };

  return (
    <form class="prechat" noValidate onSubmit={submit} part="prechat">
      {options.prechat.map((field, index) => (
        <div key={field.name} class="field">
          <label for={`parley-${field.name}`}>
            {strings[field.name]} {!field.required && strings.optional}
          </label>
          <input
            id={`parley-${field.name}`}
            {...INPUT[field.name]}
            data-autofocus={index === 0 ? '' : undefined}
            required={field.required}
            aria-invalid={errors[field.name] ? 'true' : undefined}
            aria-describedby={errors[field.name] ? `parley-${field.name}-error` : undefined}
            value={values[field.name] ?? ''}
            onInput={(event) =>
              setValues(bare({ ...values, [field.name]: event.currentTarget.value }))
            }
          />
          <FieldError id={field.name} error={errors[field.name]} />
        </div>
      ))}
      {options.consent && (
        <div class="field consent">
          <input
            id="parley-consent"
            type="checkbox"
            data-autofocus={options.prechat.length === 0 ? '' : undefined}
            required
            checked={consent}
            aria-invalid={errors.consent ? 'true' : undefined}
            aria-describedby={errors.consent ? 'parley-consent-error' : undefined}
            onChange={(event) => setConsent(event.currentTarget.checked)}
          />
          <label for="parley-consent">{options.consent}</label>
          <FieldError id="consent" error={errors.consent} />
        </div>
      )}
      <button type="submit" class="primary">
        {strings.startChat}
      </button>
    </form>
  );
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`parley-${id}-error`} class="field-error">
      {error}
    </p>
  ) : null;
}
