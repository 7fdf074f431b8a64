/**
 * Puts the registry id in the `model` field of pass-through stream chunks without parsing them.
 * Every chunk of an OpenAI-format stream opens with the same members (`{"id":…,"object":…,
 * "created":…,"model":"gpt-4o-2024-08-06",…`), so the opening up to the end of the model's value
 * is learnt once, from a chunk whose members before `model` are flat scalars, and swapped by a
 * prefix check afterwards. A chunk that opens otherwise is parsed, changed and serialised.
 */
export class ModelFieldRewriter {
  private from = '';
  private to = '';
  private readonly value: string;

  constructor(model: string) {
    this.value = JSON.stringify(model);
  }

  rewrite(data: string): string {
    // A slice compared whole is cheaper than startsWith on V8 for openings of this length.
    const from = this.from;
    if (from !== '' && data.slice(0, from.length) === from) return this.to + data.slice(from.length);
    if (this.learn(data)) return this.to + data.slice(this.from.length);
    return this.parsed(data);
  }

  /** Learns the opening from `data` when its `model` member comes before any nested value. */
  private learn(data: string): boolean {
    const key = data.indexOf('"model":"');
    if (key < 1 || data.charCodeAt(0) !== 0x7b) return false;
    const before = data.slice(1, key);
    if (/[{}[\]]/.test(before) || (before !== '' && !before.endsWith(','))) return false;
    // The value's closing quote: the first quote not escaped.
    let end = key + 9;
    for (; end < data.length; end++) {
      const c = data.charCodeAt(end);
      if (c === 0x5c) end++;
      else if (c === 0x22) break;
    }
    if (end >= data.length) return false;
    // Strings among the earlier members could hide a brace or a `"model":` in their text; only
    // an opening whose members each parse as scalars is learnt.
    try {
      JSON.parse(`{${before}"model":${data.slice(key + 8, end + 1)}}`);
    } catch {
      return false;
    }
    this.from = data.slice(0, end + 1);
    this.to = `${data.slice(0, key)}"model":${this.value}`;
    return true;
  }

  private parsed(data: string): string {
    try {
      const chunk: unknown = JSON.parse(data);
      if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk) || !Object.hasOwn(chunk, 'model')) return data;
      return JSON.stringify({ ...chunk, model: JSON.parse(this.value) as string });
    } catch {
      return data;
    }
  }
}
