import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Static, type TSchema, Type } from 'typebox';
import { parseStored } from '../stored-json.js';
import type { SavedConfiguration } from './configuration.js';
import type { SimAttachment, SimConversation, SimMessage } from './conversations.js';
import type { SavedSigningKey } from './signing-key.js';
import type { DeliveryJournal, PendingDelivery } from './webhook-sender.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- A conversation without its messages and files, rewritten at every change.
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
-- Messages and files never change once added: each is written once.
CREATE TABLE IF NOT EXISTS messages (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attachments (
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
-- Webhook events not acknowledged yet, oldest first.
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  event_type TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  body TEXT NOT NULL
);
`;

const KeyValues = Type.Array(Type.Object({ key: Type.String(), value: Type.String() }));

/** A conversation's row: everything but its messages and files. */
const StoredConversation = Type.Object({
  id: Type.String(),
  api: Type.Union([Type.Literal('gateway'), Type.Literal('legacy')]),
  channelId: Type.String(),
  user: Type.Object(
    {
      name: Type.Optional(Type.String()),
      email: Type.Optional(Type.String()),
      phone: Type.Optional(Type.String()),
      language: Type.Optional(Type.String()),
      additionalProperties: Type.Optional(KeyValues),
    },
    { additionalProperties: true },
  ),
  customer: Type.Optional(Type.Record(Type.String(), Type.String())),
  state: Type.Union([Type.Literal('created'), Type.Literal('active'), Type.Literal('idle')]),
  queueId: Type.String(),
  waiting: Type.Boolean(),
  queuedAt: Type.Optional(Type.String()),
  agentId: Type.Optional(Type.String()),
  heldAgentId: Type.Optional(Type.String()),
  userReadAt: Type.Optional(Type.String()),
  userRemoved: Type.Boolean(),
  createdAt: Type.String(),
  interactions: Type.Array(
    Type.Object({
      id: Type.String(),
      startTime: Type.String(),
      endTime: Type.Optional(Type.String()),
    }),
  ),
  /** Absent in files from before card actions were recorded. */
  cardSubmits: Type.Optional(
    Type.Array(
      Type.Object({
        cardId: Type.String(),
        path: Type.Union([Type.Literal('tenant'), Type.Literal('gateway')]),
        value: Type.Object({
          type: Type.String(),
          data: Type.Record(Type.String(), Type.Unknown()),
        }),
        at: Type.String(),
      }),
    ),
  ),
});

const StoredMessage = Type.Object({
  id: Type.String(),
  text: Type.String(),
  createdAt: Type.String(),
  author: Type.Object({
    id: Type.String(),
    type: Type.Union([
      Type.Literal('user'),
      Type.Literal('bot'),
      Type.Literal('agent'),
      Type.Literal('system'),
    ]),
  }),
  attachmentIds: Type.Array(Type.String()),
  interactionId: Type.String(),
  cards: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

const StoredConfiguration = Type.Object({
  webhooks: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      uri: Type.String(),
      version: Type.String(),
    }),
  ),
  channels: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      type: Type.Literal('ChatAPI'),
      webHookId: Type.String(),
      routingOptions: Type.Object({ type: Type.Literal('queue'), id: Type.String() }),
    }),
  ),
  nextId: Type.Integer(),
});

const StoredKeys = Type.Array(Type.Object({ kid: Type.String(), privateKey: Type.String() }));
const StoredText = Type.String();
const StoredPort = Type.Integer({ minimum: 1, maximum: 65535 });

/** What a simulator starts from when its file has something. */
interface SavedSimulator {
  configuration?: SavedConfiguration;
  /** Oldest first; the last one signs. */
  signingKeys: SavedSigningKey[];
  /** Signs the attachments' download URLs (base64url). */
  urlSecret?: string;
  conversations: SimConversation[];
  deliveries: PendingDelivery[];
}

/**
 * The simulator's own SQLite file, beside the proxy's data in the demo, so that a
 * restart finds what 8x8 would still have: the set-up (webhooks, channels, with
 * their ids), the signing keys, every conversation with its messages and files,
 * and the webhook events not acknowledged yet. Typing indicators are not kept
 * (they are seconds long). Every write is synchronous, as in the proxy's store:
 * what the simulator answered is on disk already.
 */
export class SimulatorStorage implements DeliveryJournal {
  readonly #db: Database.Database;
  /** How many messages and files of each conversation are in the file already. */
  readonly #written = new Map<string, { messages: number; attachments: number }>();

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(SCHEMA);
  }

  load(): SavedSimulator {
    const configuration = this.#read('configuration', StoredConfiguration);
    const urlSecret = this.#read('url-secret', StoredText);
    return {
      ...(configuration ? { configuration } : {}),
      signingKeys: this.#read('signing-keys', StoredKeys) ?? [],
      ...(urlSecret ? { urlSecret } : {}),
      conversations: this.#loadConversations(),
      deliveries: this.#db
        .prepare(
          `SELECT event_id AS eventId, event_type AS eventType, webhook_id AS webhookId,
                  conversation_id AS conversationId, body FROM deliveries ORDER BY seq`,
        )
        .all() as PendingDelivery[],
    };
  }

  saveConfiguration(configuration: SavedConfiguration): void {
    this.#setting('configuration', configuration);
  }
  saveSigningKeys(keys: SavedSigningKey[]): void {
    this.#setting('signing-keys', keys);
  }
  saveUrlSecret(secret: string): void {
    this.#setting('url-secret', secret);
  }
  /** The port it listened on last, tried first again so download URLs handed out keep working. */
  savedPort(): number | undefined {
    return this.#read('port', StoredPort);
  }
  savePort(port: number): void {
    this.#setting('port', port);
  }

  /** The conversation's row, and whichever of its messages and files are new. */
  saveConversation(conversation: SimConversation): void {
    if (!this.#db.open) return;
    // Typing indicators last seconds: a restart forgets them.
    const { messages, attachments, userTyping, agentTyping, ...row } = conversation;
    const written = this.#written.get(conversation.id) ?? { messages: 0, attachments: 0 };
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT OR REPLACE INTO conversations (id, body) VALUES (?, ?)')
        .run(conversation.id, JSON.stringify(row));
      const addMessage = this.#db.prepare(
        'INSERT OR REPLACE INTO messages (conversation_id, seq, body) VALUES (?, ?, ?)',
      );
      for (let seq = written.messages; seq < messages.length; seq++) {
        addMessage.run(conversation.id, seq, JSON.stringify(messages[seq]));
      }
      const addAttachment = this.#db.prepare(
        `INSERT OR REPLACE INTO attachments
           (conversation_id, seq, id, filename, content_type, created_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (let seq = written.attachments; seq < attachments.length; seq++) {
        const file = attachments[seq]!;
        addAttachment.run(
          conversation.id,
          seq,
          file.id,
          file.filename,
          file.contentType,
          file.createdAt,
          file.data,
        );
      }
    })();
    this.#written.set(conversation.id, {
      messages: messages.length,
      attachments: attachments.length,
    });
  }

  add(delivery: PendingDelivery): void {
    if (!this.#db.open) return;
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO deliveries (event_id, event_type, webhook_id, conversation_id, body)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(
        delivery.eventId,
        delivery.eventType,
        delivery.webhookId,
        delivery.conversationId,
        delivery.body,
      );
  }

  remove(eventId: string): void {
    if (!this.#db.open) return;
    this.#db.prepare('DELETE FROM deliveries WHERE event_id = ?').run(eventId);
  }

  close(): void {
    if (!this.#db.open) return;
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  #read<T extends TSchema>(key: string, schema: T): Static<T> | undefined {
    const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row ? parseStored(schema, row.value, `the simulator's ${key}`) : undefined;
  }

  #setting(key: string, value: unknown) {
    if (!this.#db.open) return;
    this.#db
      .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
      .run(key, JSON.stringify(value));
  }

  #loadConversations(): SimConversation[] {
    const messages = this.#grouped(
      this.#db
        .prepare('SELECT conversation_id, body FROM messages ORDER BY conversation_id, seq')
        .all() as { conversation_id: string; body: string }[],
      (row): SimMessage => parseStored(StoredMessage, row.body, 'a simulator message'),
    );
    const attachments = this.#grouped(
      this.#db
        .prepare(
          `SELECT conversation_id, id, filename, content_type, created_at, data
           FROM attachments ORDER BY conversation_id, seq`,
        )
        .all() as AttachmentRow[],
      toAttachment,
    );
    // The table is keyed by id (WITHOUT ROWID): the console's order is the order they began.
    const rows = this.#db
      .prepare("SELECT id, body FROM conversations ORDER BY json_extract(body, '$.createdAt'), id")
      .all() as {
      id: string;
      body: string;
    }[];
    return rows.map((row) => {
      const stored = parseStored(StoredConversation, row.body, 'a simulator conversation');
      const conversation: SimConversation = {
        ...stored,
        cardSubmits: stored.cardSubmits ?? [],
        userTyping: false,
        agentTyping: false,
        messages: messages.get(row.id) ?? [],
        attachments: attachments.get(row.id) ?? [],
      };
      this.#written.set(row.id, {
        messages: conversation.messages.length,
        attachments: conversation.attachments.length,
      });
      return conversation;
    });
  }

  #grouped<R extends { conversation_id: string }, T>(rows: R[], read: (row: R) => T) {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const group = groups.get(row.conversation_id) ?? [];
      group.push(read(row));
      groups.set(row.conversation_id, group);
    }
    return groups;
  }
}

interface AttachmentRow {
  conversation_id: string;
  id: string;
  filename: string;
  content_type: string;
  created_at: string;
  data: Buffer;
}

function toAttachment(row: AttachmentRow): SimAttachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeInBytes: row.data.length,
    createdAt: row.created_at,
    data: row.data,
  };
}
