import { useEffect, useRef, useState } from 'preact/hooks';
import { useUi } from './ui.js';

/**
 * "How was this chat?": a group of radio buttons (a radiogroup to screen readers,
 * arrow keys move between them), an optional comment, send or skip. Focus comes
 * to the first choice when the survey appears. Loaded as its own chunk.
 */
export function Survey() {
  const { chat, strings } = useUi();
  const scale = chat.state.limits.value?.survey ?? 'stars';
  const [score, setScore] = useState<number | undefined>(undefined);
  const [comment, setComment] = useState('');
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  const choices: [score: number, label: string, symbol: string][] =
    scale === 'thumbs'
      ? [
          [5, strings.surveyGood, '👍'],
          [1, strings.surveyBad, '👎'],
        ]
      : [1, 2, 3, 4, 5].map((n) => [n, strings.surveyScore(n), '★'.repeat(n)]);
  const sending = chat.state.survey.value === 'sending';
  return (
    <form
      ref={form}
      class="survey"
      part="survey"
      onSubmit={(event) => {
        event.preventDefault();
        if (score === undefined) return;
        const text = comment.trim();
        void chat.rate({ scale, score, ...(text ? { comment: text } : {}) });
      }}
    >
      <p id="parley-survey">{strings.surveyQuestion}</p>
      <div class="actions" role="radiogroup" aria-labelledby="parley-survey">
        {choices.map(([value, label, symbol]) => (
          <label key={value} class="choice">
            <input
              type="radio"
              name="parley-score"
              value={value}
              checked={score === value}
              onChange={() => setScore(value)}
            />
            <span aria-hidden="true">{symbol}</span>
            <span class="visually-hidden">{label}</span>
          </label>
        ))}
      </div>
      <label class="comment">
        {strings.surveyComment} {strings.optional}
        <textarea
          maxLength={1000 /* the proxy's limit, protocol/visitor-data.ts */}
          rows={2}
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={score === undefined || sending}>
          {strings.surveySend}
        </button>
        <button type="button" class="secondary" onClick={chat.skipSurvey}>
          {strings.surveySkip}
        </button>
      </div>
    </form>
  );
}
