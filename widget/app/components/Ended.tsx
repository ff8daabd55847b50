import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../locales.js';
import { adoptSheet } from '../adopt-sheet.js';
import type { TimelineItem } from '../chat-state.js';
import { isEmailAddress } from '../email-address.js';
import { useHoursStrings, withHoursStrings } from '../hours-strings.js';
import { plainText } from '../safe-display.js';
import { agentsSeen } from '../timeline-rows.js';
import { downloadTranscript, transcriptText } from '../transcript-file.js';
import css from './ended.css?inline';
import { FieldError } from './FieldError.js';
import { SafeText } from './SafeText.js';
import { type Ui, useUi } from './ui.js';

/**
 * The end, as a moment: who the visitor talked to and for how long, a slot for
 * the satisfaction survey (another part of the widget mounts into it), the
 * transcript to keep, and a new chat.
 */
export function ChatEnded() {
  const { chat, strings, locale, title, root, options } = useUi();
  adoptSheet(root, css);
  const surveyed = chat.state.limits.value?.survey && options.survey !== false;
  const survey = chat.state.survey.value;
  const answering = surveyed && (survey === 'offered' || survey === 'sending');
  const again = useRef<HTMLButtonElement>(null);
  // Answered or skipped: focus leaves the survey (now gone) for the next step.
  useEffect(() => {
    if (survey === 'sent' || survey === 'skipped') again.current?.focus();
  }, [survey]);
  const items = chat.state.timeline.value;
  const agent = agentsSeen(items, chat.state.agent.value?.name, 1)[0];
  const download = () =>
    root &&
    downloadTranscript(root, transcriptText(items, strings, locale, title), strings.transcript);
  return (
    <div class="ended" part="ended">
      {agent && (
        <p class="summary">
          <SafeText
            text={`${strings.chattedWith(plainText(agent))} · ${duration(items, locale)}`}
          />
        </p>
      )}
      <div class="survey-slot" data-part="survey-slot" part="survey-slot">
        {answering && <LazySurvey />}
        {survey === 'sent' && <p role="status">{strings.surveyThanks}</p>}
      </div>
      <div class="actions">
        <button ref={again} type="button" class="primary" data-autofocus onClick={chat.newChat}>
          {strings.newChat}
        </button>
        <button type="button" class="secondary" onClick={download}>
          {strings.download}
        </button>
      </div>
      {chat.state.availability.value?.transcriptEmail && <TranscriptByEmail />}
    </div>
  );
}

/** For Lazy (ChatPanel.tsx): the end, with the transcript email's words when it offers it. */
export const loadChatEnded = ({ chat, locale }: Ui) =>
  withHoursStrings(ChatEnded, locale, chat.state.availability.value?.transcriptEmail);

/** The transcript to an address: the proxy mails it (rate-limited per conversation). */
function TranscriptByEmail() {
  const { chat, strings } = useUi();
  const hours = useHoursStrings();
  useEffect(() => {
    void chat.transcriptEmail();
  }, []);
  const [email, setEmail] = useState(chat.visitor.email ?? '');
  const [invalid, setInvalid] = useState(false);
  const status = chat.state.transcriptEmail.value;
  const said =
    status === 'sent'
      ? hours.transcriptSent
      : status === 'limited'
        ? hours.transcriptLimited
        : status === 'failed'
          ? hours.transcriptFailed
          : '';
  return (
    <form
      class="transcript-email"
      part="transcript-email"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const address = email.trim();
        const bad = !isEmailAddress(address);
        setInvalid(bad);
        if (bad) event.currentTarget.querySelector('input')?.focus();
        else void chat.transcriptEmail().then((ready) => ready.send(address));
      }}
    >
      <label for="parley-transcript-email">{strings.email}</label>
      <div class="actions">
        <input
          id="parley-transcript-email"
          type="email"
          autocomplete="email"
          maxLength={254}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'parley-transcript-email-error' : undefined}
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <button type="submit" class="secondary" disabled={status === 'sending'}>
          {hours.transcriptEmail}
        </button>
      </div>
      <FieldError id="transcript-email" error={invalid ? strings.invalidEmail : undefined} />
      <p role="status" data-status={status}>
        {said}
      </p>
    </form>
  );
}

/** From the first line to the last, in whole minutes (at least one), as the language says it. */
function duration(items: readonly TimelineItem[], locale: Locale): string {
  const span = Date.parse(items.at(-1)?.at ?? '') - Date.parse(items[0]?.at ?? '');
  const minutes = Math.max(1, Math.round((span || 0) / 60_000));
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'long',
  }).format(minutes);
}

/** The survey is its own chunk: only visitors who finish a chat load it. */
function LazySurvey() {
  const [Survey, setSurvey] = useState<ComponentType | undefined>(undefined);
  useEffect(() => {
    void import('./Survey.js').then((module) => setSurvey(() => module.Survey));
  }, []);
  return Survey ? <Survey /> : null;
}
