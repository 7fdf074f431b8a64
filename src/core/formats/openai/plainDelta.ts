/*
 * Most chunks of an OpenAI-compatible stream are the same small object with one new piece of
 * text: {"id":…,"object":"chat.completion.chunk","created":…,"model":…,"choices":[{"index":0,
 * "delta":{"content":"…"},"logprobs":null,"finish_reason":null}]}. Parsing each with JSON.parse
 * (a dozen objects and strings, for one string of interest) was the largest single cost of a
 * streamed answer. `readPlainDelta` recognises exactly that shape and reads the text without
 * building the object; anything else (the role chunk, a finish, usage, an error, tool calls,
 * another layout, malformed JSON) returns undefined and is parsed in full as before.
 *
 * Recognising is validating: the text must be one JSON object whose members other than
 * `choices` are all scalars (no nested object or array can hide there), with `choices` holding
 * exactly one choice of index 0 whose delta is exactly {"content": string} and whose other
 * members are scalars with `finish_reason` null. A chunk accepted here parses with JSON.parse to
 * a value the full path reads as the same single delta (a property test holds this).
 */

const CHOICES = '"choices":[{"index":0,"delta":{"content":"';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Reads the plain delta chunks of one stream. Every chunk of a stream starts with the same
 * members (id, object, created, model), so the text before `choices` that was validated last is
 * remembered and a chunk that starts with exactly it skips that part of the check.
 */
export class PlainDeltaReader {
  private head = '';

  /** The content of a plain delta chunk, or undefined when `data` is anything else. */
  read(data: string): string | undefined {
    const n = data.length;
    if (n < CHOICES.length + 8 || data.charCodeAt(0) !== OPEN_BRACE || data.charCodeAt(n - 1) !== CLOSE_BRACE) return undefined;
    const head = this.head;
    let at: number;
    if (head !== '' && data.startsWith(head) && data.startsWith(CHOICES, head.length)) {
      at = head.length;
    } else {
      at = data.indexOf(CHOICES, 1);
      if (at < 0 || !validHead(data, at)) return undefined;
      this.head = data.slice(0, at);
    }
    return readFrom(data, at);
  }
}

/** Whether `data` up to `at` (where `choices` starts) is `{` and scalar members each followed by a comma. */
function validHead(data: string, at: number): boolean {
  if (at === 1) return true;
  const end = scalarMembers(data, 1, false);
  return end === at - 1 && data.charCodeAt(end) === COMMA;
}

function readFrom(data: string, at: number): string | undefined {
  const n = data.length;
  // The content string.
  const open = at + CHOICES.length - 1;
  const close = stringEnd(data, open);
  if (close < 0) return undefined;
  let text: string;
  const escape = data.indexOf('\\', open);
  if (escape >= 0 && escape < close) {
    try {
      text = JSON.parse(data.slice(open, close + 1)) as string;
    } catch {
      return undefined;
    }
  } else {
    text = data.slice(open + 1, close);
  }
  // The delta ends; the choice's other members are scalars with finish_reason null; the array ends.
  let i = close + 1;
  if (data.charCodeAt(i++) !== CLOSE_BRACE) return undefined;
  if (data.charCodeAt(i) === COMMA) {
    i = scalarMembers(data, i + 1, true);
    if (i < 0) return undefined;
  }
  if (data.charCodeAt(i++) !== CLOSE_BRACE || data.charCodeAt(i++) !== CLOSE_BRACKET) return undefined;
  // Members after `choices`: scalars, then the object's end.
  if (data.charCodeAt(i) === COMMA) {
    i = scalarMembers(data, i + 1, false);
    if (i < 0) return undefined;
  }
  return i === n - 1 ? text : undefined;
}

/**
 * Reads `"key":scalar` members separated by commas from `i` and returns the index just after the
 * last value (at a comma that is not followed by another scalar member, or at anything else), or
 * -1 when a member is not well formed, a value is not a scalar, or a key is `error` (which the
 * full path must see), or, inside a choice (`choice`), when finish_reason is not null.
 */
function scalarMembers(s: string, i: number, choice: boolean): number {
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = stringEnd(s, i);
    if (keyEnd < 0 || s.charCodeAt(keyEnd + 1) !== COLON) return -1;
    const key = s.slice(i + 1, keyEnd);
    if (key === 'error' || key === 'choices' || key.includes('\\')) return -1;
    const valueEnd = scalarEnd(s, keyEnd + 2);
    if (valueEnd < 0) return -1;
    if (choice) {
      const isNull = valueEnd === keyEnd + 6 && s.startsWith('null', keyEnd + 2);
      if (key === 'index' || key === 'delta' || key === 'text' || (key === 'finish_reason' && !isNull)) return -1;
    }
    i = valueEnd;
    // Another member follows only as `,"`; a comma before anything else belongs to the caller.
    if (s.charCodeAt(i) !== COMMA || s.charCodeAt(i + 1) !== QUOTE) return i;
    // In the members before `choices`, the comma that precedes it is the caller's.
    if (!choice && s.startsWith(CHOICES, i + 1)) return i;
    i += 1;
  }
}

/** The index after a JSON scalar (string, number, true, false, null) starting at `i`, or -1. */
function scalarEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const end = stringEnd(s, i);
    return end < 0 ? -1 : end + 1;
  }
  if (s.startsWith('null', i)) return i + 4;
  if (s.startsWith('true', i)) return i + 4;
  if (s.startsWith('false', i)) return i + 5;
  NUMBER.lastIndex = i;
  const match = NUMBER.exec(s);
  return match ? i + match[0].length : -1;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The index of the quote closing the JSON string that opens at `open`, or -1 when it does not
 * close, holds a raw control character or an invalid escape (so every string accepted here is
 * one JSON.parse accepts).
 */
function stringEnd(s: string, open: number): number {
  const n = s.length;
  for (let i = open + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      const next = s.charCodeAt(++i);
      if (next === 0x75 /* u */) {
        if (!HEX4.test(s.slice(i + 1, i + 5))) return -1;
        i += 4;
      } else if (!SIMPLE_ESCAPES.has(next)) return -1;
    }
  }
  return -1;
}

const HEX4 = /^[0-9a-fA-F]{4}$/;
/** The characters after a backslash that JSON allows, besides `u`: " \ / b f n r t. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
