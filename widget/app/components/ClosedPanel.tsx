import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../locales.js';
import { bare } from '../../no-prototype.js';
import { adoptSheet } from '../adopt-sheet.js';
import { isEmailAddress } from '../email-address.js';
import { useHoursStrings, withHoursStrings } from '../hours-strings.js';
import type { OfflineDraft } from '../offline-messages.js';
import { FieldError } from './FieldError.js';
import { showErrors } from './field-errors.js';
import css from './prechat.css?inline';
import { type Ui, useUi } from './ui.js';

type Field = 'name' | 'email' | 'message' | 'consent';

/**
 * While the contact center is closed (its own chunk): when it opens again, in the
 * visitor's language and time zone, and the offline form when the proxy takes
 * messages. The message is kept by the controller's part (offline-messages.ts)
 * until the proxy has it; this shows where it is.
 */
export function ClosedPanel() {
  const { chat, locale } = useUi();
  const hours = useHoursStrings();
  const availability = chat.state.availability.value;
  const next = availability?.nextOpenAt && formatOpening(availability.nextOpenAt, locale);
  return (
    <div class="prechat closed" part="closed">
      <p role="status" data-autofocus={availability?.offlineForm ? undefined : ''} tabIndex={-1}>
        {next ? hours.closedUntil(next) : hours.closedNow}
      </p>
      {availability?.offlineForm && <OfflineForm />}
    </div>
  );
}

/** For Lazy (ChatPanel.tsx): the panel, once its words are here. */
export const loadClosedPanel = ({ locale }: Ui) => withHoursStrings(ClosedPanel, locale);

/** "Monday, 8 December at 09:00" as the visitor's locale writes it, in their time zone. */
export function formatOpening(at: string, locale: Locale): string | undefined {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

function OfflineForm() {
  const { chat, strings, options, root, locale } = useUi();
  const hours = useHoursStrings();
  adoptSheet(root, css);
  // The controller's part: fetched now, so the form's submit finds it there.
  useEffect(() => {
    void chat.offlineMessages();
  }, []);
  const [values, setValues] = useState<Record<string, string>>(() =>
    bare({ name: chat.visitor.name ?? '', email: chat.visitor.email ?? '', message: '' }),
  );
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>(() => bare({}));
  const form = useRef<HTMLFormElement>(null);
  const status = chat.state.offlineMessage.value;
  const refused = chat.state.offlineRefused.value;

  // The proxy refused it: its text comes back, the field it named says so and takes focus.
  useEffect(() => {
    if (!refused) return;
    const { name, email, message } = refused.draft;
    setValues(bare({ name, email, message }));
    setConsent(true);
    const field = (refused.field ?? 'message') as Field;
    setErrors(bare({ [field]: field === 'email' ? strings.invalidEmail : hours.fieldInvalid }));
    form.current?.querySelector<HTMLElement>(`#parley-offline-${field}`)?.focus();
  }, [refused]);

  // The form gives way to where the message is: focus goes there, not to the page.
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => said.current?.focus(), [status === 'editing']);

  if (status !== 'editing') {
    const text =
      status === 'sent'
        ? hours.offlineSent
        : status === 'waiting'
          ? hours.offlineWaiting
          : strings.pending;
    return (
      <p ref={said} class="offline-status" role="status" tabIndex={-1} data-status={status}>
        {text}
      </p>
    );
  }

  const check = () => {
    const found: Partial<Record<Field, string>> = bare({});
    for (const field of ['name', 'email', 'message'] as const) {
      if (!values[field]?.trim()) found[field] = strings.fieldRequired;
    }
    if (!found.email && !isEmailAddress(values.email!.trim())) found.email = strings.invalidEmail;
    if (!consent) found.consent = strings.consentRequired;
    return found;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (showErrors(check(), setErrors, form.current, 'parley-offline-')) return;
    const department = chat.state.department.value?.id;
    const listed = chat.state.availability.value?.departments.some(({ id }) => id === department);
    const page = location.href;
    const draft: OfflineDraft = {
      name: values.name!.trim(),
      email: values.email!.trim(),
      message: values.message!.trim(),
      consent: true,
      locale,
      ...(page.length <= 2000 && /^https?:/.test(page) ? { pageUrl: page } : {}),
      ...(listed && department ? { department } : {}),
    };
    // The part may still be on its way: the message waits for it, it is not dropped.
    void chat.offlineMessages().then((ready) => ready.submit(draft));
  };

  const input = (field: 'name' | 'email' | 'message') => ({
    id: `parley-offline-${field}`,
    value: values[field] ?? '',
    'aria-invalid': errors[field] ? ('true' as const) : undefined,
    'aria-describedby': errors[field] ? `parley-offline-${field}-error` : undefined,
    onInput: (event: { currentTarget: { value: string } }) =>
      setValues(bare({ ...values, [field]: event.currentTarget.value })),
  });

  return (
    <form ref={form} class="offline-form" noValidate onSubmit={submit} part="offline-form">
      <p>{hours.offlineIntro}</p>
      <div class="field">
        <label for="parley-offline-name">{strings.name}</label>
        <input
          {...input('name')}
          type="text"
          autocomplete="name"
          maxLength={200}
          required
          data-autofocus
        />
        <FieldError id="offline-name" error={errors.name} />
      </div>
      <div class="field">
        <label for="parley-offline-email">{strings.email}</label>
        <input {...input('email')} type="email" autocomplete="email" maxLength={254} required />
        <FieldError id="offline-email" error={errors.email} />
      </div>
      <div class="field">
        <label for="parley-offline-message">{strings.messageLabel}</label>
        <textarea {...input('message')} rows={4} maxLength={5000} required />
        <FieldError id="offline-message" error={errors.message} />
      </div>
      <div class="field consent">
        <input
          id="parley-offline-consent"
          type="checkbox"
          required
          checked={consent}
          aria-invalid={errors.consent ? 'true' : undefined}
          aria-describedby={errors.consent ? 'parley-offline-consent-error' : undefined}
          onChange={(event) => setConsent(event.currentTarget.checked)}
        />
        <label for="parley-offline-consent">{options.consent ?? hours.offlineConsent}</label>
        <FieldError id="offline-consent" error={errors.consent} />
      </div>
      <button type="submit" class="primary">
        {hours.offlineSend}
      </button>
    </form>
  );
}
