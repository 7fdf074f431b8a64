import type { JsonObject } from '../model/content';

/** How much the store keeps: the oldest responses go first past either bound. */
export interface ResponseStoreLimits {
  responses: number;
  bytes: number;
}

/** The defaults: 1,000 responses or 64 MiB of conversation, whichever comes first. */
export const DEFAULT_RESPONSE_STORE_LIMITS: Readonly<ResponseStoreLimits> = Object.freeze({ responses: 1000, bytes: 64 * 1024 * 1024 });

interface Entry {
  items: readonly JsonObject[];
  bytes: number;
}

/**
 * The responses this process served on `POST /v1/responses`, for `previous_response_id`: each
 * kept as the conversation it ends (the input items it was given, its own conversation before
 * them included, then its output items), which is what OpenAI puts in front of the next
 * request's input. Kept in memory only, bounded in responses and bytes (a conversation's JSON
 * size, counted whole for each response even where responses share items), oldest first; a
 * conversation larger than the byte bound is not kept. Responses the client asked not to store
 * (`store: false`, as Codex does: it sends the whole conversation every turn) are never kept.
 * A restart forgets everything; an id that is not here is refused (the surface's 400).
 */
export class ResponseStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Each item's JSON size, measured once: a conversation's items recur in every later response of it. */
  private readonly sizes = new WeakMap<JsonObject, number>();

  constructor(private readonly limits: ResponseStoreLimits = DEFAULT_RESPONSE_STORE_LIMITS) {}

  /** Number of responses held. */
  get size(): number {
    return this.entries.size;
  }

  /** Keeps the conversation that response `id` ends. */
  remember(id: string, items: readonly JsonObject[]): void {
    const bytes = items.reduce((sum, item) => sum + this.sizeOf(item), 0);
    this.forget(id);
    if (bytes > this.limits.bytes) return;
    this.entries.set(id, { items, bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.responses && this.bytes <= this.limits.bytes) break;
      this.forget(oldest);
    }
  }

  /** The conversation response `id` ends, or undefined when it is not (or no longer) here. */
  conversation(id: string): readonly JsonObject[] | undefined {
    return this.entries.get(id)?.items;
  }

  private sizeOf(item: JsonObject): number {
    let size = this.sizes.get(item);
    if (size === undefined) {
      size = JSON.stringify(item).length;
      this.sizes.set(item, size);
    }
    return size;
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }
}
