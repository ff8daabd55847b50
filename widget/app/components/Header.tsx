import { plainText } from '../safe-display.js';
import { agentsSeen } from '../timeline-rows.js';
import { Avatar } from './Avatar.js';
import { Icon } from './Icon.js';
import { SafeText } from './SafeText.js';
import { useUi } from './ui.js';

/**
 * The team's name, who can answer (an avatar stack) and a status line, on one
 * line at any width: "End chat" is an icon with a label, the title truncates.
 */
export function Header() {
  const { chat, strings, options, title, onClose } = useUi();
  const { state } = chat;
  const agent = state.agent.value;
  const live = state.conversation.value !== 'none' && !state.ended.value;
  const queue = state.queue.value;
  const status = agent
    ? plainText(agent.name ?? strings.agent) + (agent.title ? ` · ${plainText(agent.title)}` : '')
    : live && queue
      ? strings.queued(queue.name && plainText(queue.name))
      : (options.subtitle ?? strings.subtitle);
  const people = agentsSeen(state.timeline.value, agent?.name);
  return (
    <header class="header" part="header">
      <span class="avatars" part="avatars">
        {(people.length ? people : [title]).map((name, index) => (
          <Avatar key={name} name={plainText(name)} url={index ? undefined : agent?.avatarUrl} />
        ))}
      </span>
      <div class="heading">
        <h2 id="parley-title">{title}</h2>
        <p class="subtitle">
          {agent && <span class="online" aria-hidden="true" />}
          <SafeText text={status} />
        </p>
      </div>
      {live && (
        <button
          type="button"
          class="icon-button"
          aria-label={strings.endChat}
          title={strings.endChat}
          onClick={chat.askToEnd}
        >
          <Icon name="end" />
        </button>
      )}
      <button
        type="button"
        class="icon-button"
        aria-label={strings.close}
        title={strings.close}
        onClick={onClose}
      >
        <Icon name="close" />
      </button>
    </header>
  );
}
