import type { Locale } from '../../locales.js';
import { adoptSheet } from '../adopt-sheet.js';
import type { TimelineItem } from '../chat-state.js';
import { plainText } from '../safe-display.js';
import { agentsSeen } from '../timeline-rows.js';
import { downloadTranscript, transcriptText } from '../transcript-file.js';
import css from './ended.css?inline';
import { SafeText } from './SafeText.js';
import { useUi } from './ui.js';

/**
 * The end, as a moment: who the visitor talked to and for how long, a slot for
 * the satisfaction survey (another part of the widget mounts into it), the
 * transcript to keep, and a new chat.
 */
export function ChatEnded() {
  const { chat, strings, locale, title, root } = useUi();
  adoptSheet(root, css);
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
      <div class="survey-slot" data-part="survey-slot" part="survey-slot" />
      <div class="actions">
        <button type="button" class="primary" data-autofocus onClick={chat.newChat}>
          {strings.newChat}
        </button>
        <button type="button" class="secondary" onClick={download}>
          {strings.download}
        </button>
      </div>
    </div>
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
