import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { downloadTranscript, transcriptText } from '../transcript.js';
import { useUi } from './ui.js';

/** "End this chat?": asked in the panel, answered by keyboard as well as by pointer. */
export function EndConfirm() {
  const { chat, strings } = useUi();
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="parley-confirm" part="confirm">
      <p id="parley-confirm">{strings.endConfirm}</p>
      <div class="actions">
        <button type="button" class="primary" data-autofocus onClick={() => void chat.endChat()}>
          {strings.endChat}
        </button>
        <button type="button" class="secondary" onClick={chat.cancelEnd}>
          {strings.cancel}
        </button>
      </div>
    </div>
  );
}

/** The closed state: the transcript to keep, and a way to start again. */
export function ChatEnded() {
  const { chat, strings, locale, title, root, options } = useUi();
  const download = () =>
    root &&
    downloadTranscript(
      root,
      transcriptText(chat.state.timeline.value, strings, locale, title),
      strings.transcript,
    );
  const surveyed = chat.state.limits.value?.survey && options.survey !== false;
  const survey = chat.state.survey.value;
  const answering = surveyed && (survey === 'offered' || survey === 'sending');
  const again = useRef<HTMLButtonElement>(null);
  // Answered or skipped: focus leaves the survey (now gone) for the next step.
  useEffect(() => {
    if (survey === 'sent' || survey === 'skipped') again.current?.focus();
  }, [survey]);
  return (
    <div class="ended" part="ended">
      {answering && <LazySurvey />}
      {survey === 'sent' && <p role="status">{strings.surveyThanks}</p>}
      <button ref={again} type="button" class="primary" data-autofocus onClick={chat.newChat}>
        {strings.newChat}
      </button>
      <button type="button" class="secondary" onClick={download}>
        {strings.download}
      </button>
    </div>
  );
}

/** The survey is its own chunk: only visitors who finish a chat load it. */
function LazySurvey() {
  const [Survey, setSurvey] = useState<ComponentType | undefined>(undefined);
  useEffect(() => {
    void import('./Survey.js').then((module) => setSurvey(() => module.Survey));
  }, []);
  return Survey ? <Survey /> : null;
}
