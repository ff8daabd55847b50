/**
 * The document's `components.schemas`: a schema with a `title` (Problem,
 * ConversationCredentials, Event…) is written once there, under its title, and
 * referred to by `$ref` wherever a route uses it.
 */
export class Components {
  readonly schemas: Record<string, unknown> = {};
  readonly #sources = new Map<string, object>();

  /** A copy of `schema` for the document, its titled parts replaced by references. */
  use(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map((item) => this.use(item));
    if (typeof schema !== 'object' || schema === null) return schema;
    const { title } = schema as { title?: unknown };
    if (typeof title === 'string') return this.#ref(title, schema);
    return this.#copy(schema);
  }

  #ref(title: string, schema: object) {
    const known = this.#sources.get(title);
    if (known && known !== schema) throw new Error(`Two different schemas are titled ${title}`);
    if (!known) {
      this.#sources.set(title, schema);
      this.schemas[title] = this.#copy(schema);
    }
    return { $ref: `#/components/schemas/${title}` };
  }

  /** Only the enumerable fields: TypeBox keeps its own bookkeeping out of sight. */
  #copy(schema: object) {
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, this.use(value)]));
  }
}
