import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Markdown } from '../../../widget/app/rich/Markdown.js';
import { plainText } from '../../../widget/app/safe-display.js';
import {
  CONSOLE_CARDS,
  type ConsoleAttachment,
  type ConsoleCard,
  type ConsoleConversation,
  type ConsoleSnapshot,
} from '../console-protocol.js';

const api = async (path: string, body: Record<string, unknown>) => {
  const response = await fetch(`/agent/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(problem.detail ?? `HTTP ${response.status}`);
  }
};

function useSnapshot(): ConsoleSnapshot | undefined {
  const [snapshot, setSnapshot] = useState<ConsoleSnapshot>();
  useEffect(() => {
    const source = new EventSource('/agent/api/events');
    // The visitor's words and names, read in the order they were written (no bidi controls).
    source.addEventListener('state', (event) =>
      setSnapshot(
        JSON.parse(event.data, (_key, value) =>
          typeof value === 'string' ? plainText(value) : value,
        ) as ConsoleSnapshot,
      ),
    );
    return () => source.close();
  }, []);
  return snapshot;
}

/** `?agent=agent-sam` signs a tab in as that agent, so several agents can work side by side. */
function initialAgent(): string | undefined {
  return new URLSearchParams(location.search).get('agent') ?? undefined;
}

function rememberAgent(agentId: string) {
  const url = new URL(location.href);
  url.searchParams.set('agent', agentId);
  history.replaceState(null, '', url);
}

/** The simulator's stand-in for 8x8's Agent Workspace. */
export function AgentConsole() {
  const snapshot = useSnapshot();
  const [agentId, setAgentId] = useState<string | undefined>(initialAgent);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<string>();
  if (!snapshot) return <p class="loading">Connecting to the simulator…</p>;

  const me = agentId ?? snapshot.agents[0]?.id ?? '';
  const selected = snapshot.conversations.find((c) => c.id === selectedId);
  const run = (path: string, body: Record<string, unknown> = {}) => {
    setError(undefined);
    api(path, { agentId: me, ...body }).catch((e: Error) => setError(e.message));
  };
  // Oldest first, as a queue serves them.
  const waiting = snapshot.conversations
    .filter((c) => c.waiting)
    .sort((a, b) => (a.queuedAt ?? a.createdAt).localeCompare(b.queuedAt ?? b.createdAt));
  const mine = snapshot.conversations.filter((c) => c.agentId === me);
  const others = snapshot.conversations.filter((c) => !waiting.includes(c) && !mine.includes(c));

  return (
    <div class="console">
      <header>
        <h1>Agent console</h1>
        <label>
          Signed in as{' '}
          <select
            value={me}
            onChange={(e) => {
              setAgentId(e.currentTarget.value);
              rememberAgent(e.currentTarget.value);
            }}
          >
            {snapshot.agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <nav aria-label="Conversations">
        <ConversationList
          title="Waiting"
          items={waiting}
          selectedId={selectedId}
          onSelect={setSelectedId}
        />
        <ConversationList
          title="My chats"
          items={mine}
          selectedId={selectedId}
          onSelect={setSelectedId}
        />
        <ConversationList
          title="Other chats"
          items={others}
          selectedId={selectedId}
          onSelect={setSelectedId}
        />
      </nav>
      <main>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {selected ? (
          <ConversationView
            key={selected.id}
            conversation={selected}
            snapshot={snapshot}
            agentId={me}
            run={run}
          />
        ) : (
          <p class="empty">Select a conversation.</p>
        )}
      </main>
    </div>
  );
}

function ConversationList(props: {
  title: string;
  items: ConsoleConversation[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const now = useNow();
  return (
    <section>
      <h2>
        {props.title} ({props.items.length})
      </h2>
      <ul>
        {props.items.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-current={c.id === props.selectedId}
              onClick={() => props.onSelect(c.id)}
            >
              <strong>{c.visitor.name ?? 'Visitor'}</strong>{' '}
              <span>
                {c.queueName}
                {c.visitor.email ? ` · ${c.visitor.email}` : ''}
              </span>
              <Since conversation={c} now={now} />
              <small>{preview(c)}</small>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What tells chats apart: a waiting one by the visitor's first words (what they
 * came for), the others by their last message.
 */
function preview(c: ConsoleConversation): string {
  const message = c.waiting ? c.messages.find((m) => m.authorType === 'user') : c.messages.at(-1);
  if (!message) return 'no messages yet';
  return message.text || message.attachments.map((a) => a.name).join(', ');
}

/** "Waiting since 14:02 (5 min)" or "Started 14:02", so agents take the one that waited longest. */
function Since(props: { conversation: ConsoleConversation; now: number }) {
  const { conversation: c, now } = props;
  const at = c.waiting ? (c.queuedAt ?? c.createdAt) : c.createdAt;
  const minutes = Math.max(0, Math.floor((now - Date.parse(at)) / 60_000));
  return (
    <span class="since">
      {c.waiting ? 'Waiting since ' : 'Started '}
      <time dateTime={at}>{clock(at, now)}</time>
      {c.waiting ? ` (${minutes < 1 ? 'just now' : `${minutes} min`})` : ''}
    </span>
  );
}

/** The time of day, with the date when it is not today. */
function clock(at: string, now: number): string {
  const date = new Date(at);
  const today = date.toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(undefined, {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/** The time now, updated every 30 seconds: "waiting for 5 min" keeps counting. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function stateLabel(c: ConsoleConversation): string {
  if (c.userRemoved) return 'visitor left';
  if (c.heldAgentId) return 'ended, waiting for the visitor to leave';
  if (c.waiting) return 'waiting in queue';
  if (c.agentId) return 'in progress';
  return c.state === 'idle' ? 'ended' : 'no agent';
}

function Attachments(props: { items: ConsoleAttachment[] }) {
  if (props.items.length === 0) return null;
  return (
    <ul class="attachments" aria-label="Attachments">
      {props.items.map((a) => (
        <li key={a.id}>
          <a href={a.url} target="_blank" rel="noreferrer">
            {a.contentType.startsWith('image/') ? <img src={a.url} alt={a.name} /> : a.name}
          </a>{' '}
          <small>{Math.ceil(a.sizeInBytes / 1024)} KB</small>
        </li>
      ))}
    </ul>
  );
}

function ConversationView(props: {
  conversation: ConsoleConversation;
  snapshot: ConsoleSnapshot;
  agentId: string;
  run: (path: string, body?: Record<string, unknown>) => void;
}) {
  const { conversation: c, snapshot, agentId, run } = props;
  const [reply, setReply] = useState('');
  const [queueId, setQueueId] = useState(snapshot.queues[0]?.id ?? '');
  const [card, setCard] = useState<ConsoleCard>('feedback');
  const typingSent = useRef(false);
  const base = `conversations/${encodeURIComponent(c.id)}`;
  const mine = c.agentId === agentId;
  const agentName = (id: string) => snapshot.agents.find((a) => a.id === id)?.name ?? id;

  const setTyping = (typing: boolean) => {
    if (typingSent.current === typing || !mine) return;
    typingSent.current = typing;
    run(`${base}/typing`, { typing });
  };
  const send = (event: Event) => {
    event.preventDefault();
    if (!reply.trim()) return;
    run(`${base}/messages`, { text: reply });
    typingSent.current = false;
    setReply('');
  };

  return (
    <article aria-label={`Chat with ${c.visitor.name ?? 'visitor'}`}>
      <header>
        <h2>{c.visitor.name ?? 'Visitor'}</h2>
        <dl>
          <dt>Queue</dt>
          <dd>{c.queueName}</dd>
          <dt>State</dt>
          <dd>{stateLabel(c)}</dd>
          <dt>API</dt>
          <dd>{c.api === 'legacy' ? 'Chat API v2 (legacy)' : 'Chat Gateway v1'}</dd>
          {c.visitor.email && (
            <>
              <dt>Email</dt>
              <dd>{c.visitor.email}</dd>
            </>
          )}
          {c.visitor.phone && (
            <>
              <dt>Phone</dt>
              <dd>{c.visitor.phone}</dd>
            </>
          )}
          {c.visitor.language && (
            <>
              <dt>Language</dt>
              <dd>{c.visitor.language}</dd>
            </>
          )}
          {c.visitor.details.map((d) => (
            <Fragment key={d.key}>
              <dt>{d.key}</dt>
              <dd>{d.value}</dd>
            </Fragment>
          ))}
          {c.agentId && (
            <>
              <dt>Agent</dt>
              <dd>{agentName(c.agentId)}</dd>
            </>
          )}
        </dl>
      </header>
      <ol class="messages" aria-label="Messages" aria-live="polite">
        {c.messages.map((m) => (
          <li key={m.id} class={m.authorType}>
            <span class="author">
              {m.authorType === 'agent'
                ? agentName(m.authorId)
                : m.authorType === 'bot'
                  ? 'Bot'
                  : 'Visitor'}
            </span>
            {m.text && <Markdown text={m.text} />}
            <Attachments items={m.attachments} />
            {m.cards.map((card, index) => (
              <p key={index} class="card-note">
                Card: {card.contentType}
                {card.actionSubmitted ? ' (answered)' : ''}
              </p>
            ))}
            {m.authorType === 'agent' && c.userReadAt && m.createdAt <= c.userReadAt && (
              <span class="seen">Seen</span>
            )}
          </li>
        ))}
      </ol>
      {c.userTyping && <p class="typing">Visitor is typing…</p>}
      {c.cardSubmits.length > 0 && (
        <section aria-label="Card answers">
          <h3>Card answers</h3>
          <ol class="card-submits">
            {c.cardSubmits.map((submit, index) => (
              <li key={index}>
                <code>{JSON.stringify({ name: 'adaptiveCard/action', value: submit.value })}</code>{' '}
                <small>
                  card {submit.cardId} via {submit.path} path
                </small>
              </li>
            ))}
          </ol>
        </section>
      )}
      <div class="actions">
        {c.waiting && (
          <button type="button" onClick={() => run(`${base}/accept`)}>
            Accept
          </button>
        )}
        {mine && (
          <>
            <label>
              Transfer to{' '}
              <select value={queueId} onChange={(e) => setQueueId(e.currentTarget.value)}>
                {snapshot.queues.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => run(`${base}/transfer`, { queueId })}>
              Transfer
            </button>
            <button type="button" onClick={() => run(`${base}/leave`)}>
              Leave
            </button>
            <button type="button" onClick={() => run(`${base}/end`)}>
              End chat
            </button>
          </>
        )}
      </div>
      {mine && (
        <form onSubmit={send}>
          <label for="reply">Reply</label>
          <textarea
            id="reply"
            value={reply}
            onInput={(e) => {
              setReply(e.currentTarget.value);
              setTyping(e.currentTarget.value.length > 0);
            }}
            onBlur={() => setTyping(false)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) send(e);
            }}
          />
          <button type="submit">Send</button>
        </form>
      )}
      {mine && (
        <div class="actions">
          <label>
            Card{' '}
            <select value={card} onChange={(e) => setCard(e.currentTarget.value as ConsoleCard)}>
              {CONSOLE_CARDS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => run(`${base}/cards`, { card })}>
            Send card
          </button>
        </div>
      )}
    </article>
  );
}
