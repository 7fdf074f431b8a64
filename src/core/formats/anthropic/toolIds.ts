/**
 * Anthropic refuses tool-use ids outside `^[a-zA-Z0-9_-]+$`; other vendors' ids may hold dots,
 * colons or nothing at all (`functions.get_weather:0`, `""`). One map per request (or per
 * answer) turns each id into a valid one, the same way for a call and for its result, and two
 * different ids never into the same one.
 */
export class ToolIds {
  private readonly byOriginal = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** `known`: ids seen in advance; the valid ones keep their name even when an invalid one comes first. */
  constructor(known: Iterable<string> = []) {
    for (const id of known) {
      if (isValidToolId(id) && !this.byOriginal.has(id)) {
        this.byOriginal.set(id, id);
        this.taken.add(id);
      }
    }
  }

  /** The wire id for `original`: unchanged when valid, else with each other character as `_`. */
  wire(original: string): string {
    const known = this.byOriginal.get(original);
    if (known !== undefined) return known;
    const base = original === '' ? 'toolu' : original.replace(/[^a-zA-Z0-9_-]/g, '_');
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.byOriginal.set(original, id);
    this.taken.add(id);
    return id;
  }
}

/** True for an id Anthropic accepts as it is. */
export function isValidToolId(id: string): boolean {
  return /^[a-zA-Z0-9_-]+$/.test(id);
}
