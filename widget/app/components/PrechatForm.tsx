import { useState } from 'preact/hooks';
import type { Availability } from '../../../protocol/availability-api.js';
import type { VisitorDetails } from '../../../protocol/widget-api.js';
import { bare } from '../../no-prototype.js';
import type { PrechatFieldName } from '../../parley.js';
import { adoptSheet } from '../adopt-sheet.js';
import { useHoursStrings, withHoursStrings } from '../hours-strings.js';
import { FieldError } from './FieldError.js';
import { showErrors } from './field-errors.js';
import css from './prechat.css?inline';
import { type Ui, useUi } from './ui.js';

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
/** For Lazy (ChatPanel.tsx): the form, with the picker's words when the proxy lists departments. */
export const loadPrechatForm = ({ chat, locale }: Ui) =>
  withHoursStrings(PrechatForm, locale, chat.state.availability.value?.departments.length);

export function PrechatForm() {
  const { chat, strings, options } = useUi();
  adoptSheet(useUi().root, css);
  // No prototype (no-prototype.ts): a field not filled in is missing, whatever the page did.
  const [values, setValues] = useState<Record<string, string>>(() => bare({ ...chat.visitor }));
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>(() => bare({}));
  // The proxy's departments (GET /v1/availability), unless the page chose one for the visitor.
  const departments = chat.state.department.value?.forced
    ? []
    : (chat.state.availability.value?.departments ?? []);
  // The visitor's pick, else the page's (data-department may arrive after the form).
  const [picked, setDepartment] = useState<string | undefined>(undefined);
  const department = picked ?? chat.state.department.value?.id ?? '';

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
    if (departments.length && !department) found.department = strings.fieldRequired;
    if (options.consent && !consent) found.consent = strings.consentRequired;
    return found;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (showErrors(check(), setErrors, form, 'parley-')) return;
    const details: VisitorDetails = {};
    for (const field of options.prechat) {
      const value = values[field.name]?.trim();
      if (value) details[field.name] = value;
    }
    chat.submitPrechat(details, Boolean(options.consent), department || undefined);
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
      {departments.length > 0 && (
        <DepartmentPicker
          departments={departments}
          value={department}
          onChange={setDepartment}
          error={errors.department}
          first={options.prechat.length === 0}
        />
      )}
      {options.consent && (
        <div class="field consent">
          <input
            id="parley-consent"
            type="checkbox"
            data-autofocus={options.prechat.length === 0 && !departments.length ? '' : undefined}
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

/** The proxy's departments (issue 17); its words load only where it shows (hours-strings.ts). */
function DepartmentPicker(props: {
  departments: Availability['departments'];
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  first: boolean;
}) {
  const hours = useHoursStrings();
  return (
    <div class="field">
      <label for="parley-department">{hours.department}</label>
      <select
        id="parley-department"
        data-autofocus={props.first ? '' : undefined}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? 'parley-department-error' : undefined}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">{hours.chooseDepartment}</option>
        {props.departments.map(({ id, label }) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </select>
      <FieldError id="department" error={props.error} />
    </div>
  );
}
