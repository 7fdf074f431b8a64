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
/** A tool call's argument fragment, the bulk of a streamed call: `…"tool_calls":[{"index":N,"function":{"arguments":"…"}}]…`. */
const TOOL_CHOICES = '"choices":[{"index":0,"delta":{"tool_calls":[{"index":';
const ARGUMENTS = ',"function":{"arguments":"';
const CALL_INDEX = /0|[1-9]\d{0,8}/y;
/** A character a JSON string's text holds only escaped (a quote, a control character), or a backslash that starts an escape. */
const NOT_PLAIN = /["\\\u0000-\u001f]/;
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
  /**
   * The last plain text chunk as it was around its text: `{…"choices":[{"index":0,"delta":
   * {"content":"` before, `"},"logprobs":null,…}]}` after. Both were validated, and both are the
   * same in every plain chunk of a stream, so a chunk that opens and closes exactly so is valid
   * when its text is: two comparisons and a look at the text, where the check below walks the
   * whole chunk.
   */
  private text: KnownShape = { opening: '', closing: '', index: 0 };
  /** The same for the last argument fragment, with its call's index. */
  private fragment: KnownShape = { opening: '', closing: '', index: 0 };

  /** The content of a plain delta chunk, or undefined when `data` is anything else. */
  read(data: string): string | undefined {
    const known = inside(data, this.text);
    if (known !== undefined) return known;
    const at = this.choicesAt(data, CHOICES);
    if (at < 0) return undefined;
    // The content string, then the delta's end and the choice's.
    const open = at + CHOICES.length - 1;
    const close = stringEnd(data, open);
    if (close < 0) return undefined;
    const text = stringValue(data, open, close);
    if (text === undefined || data.charCodeAt(close + 1) !== CLOSE_BRACE || !choiceEnd(data, close + 2)) return undefined;
    this.text = { opening: data.slice(0, open + 1), closing: data.slice(close), index: 0 };
    return text;
  }

  /**
   * The call index and argument fragment of a chunk that carries exactly one tool call's
   * argument fragment (no id, no name: those come in the call's first chunk, which is parsed in
   * full), or undefined when `data` is anything else. Validated as strictly as `read`.
   */
  readArguments(data: string): { index: number; fragment: string } | undefined {
    const known = inside(data, this.fragment);
    if (known !== undefined) return { index: this.fragment.index, fragment: known };
    const at = this.choicesAt(data, TOOL_CHOICES);
    if (at < 0) return undefined;
    CALL_INDEX.lastIndex = at + TOOL_CHOICES.length;
    const digits = CALL_INDEX.exec(data);
    if (!digits) return undefined;
    const i = CALL_INDEX.lastIndex;
    if (!data.startsWith(ARGUMENTS, i)) return undefined;
    const open = i + ARGUMENTS.length - 1;
    const close = stringEnd(data, open);
    if (close < 0) return undefined;
    const fragment = stringValue(data, open, close);
    // The function, the call, the calls array and the delta end; then the choice's end, as for text.
    if (fragment === undefined || !data.startsWith('}}]}', close + 1) || !choiceEnd(data, close + 5)) return undefined;
    const index = Number(digits[0]);
    this.fragment = { opening: data.slice(0, open + 1), closing: data.slice(close), index };
    return { index, fragment };
  }

  /** Where `choices` (opening with `prefix`) starts after a valid head, or -1. */
  private choicesAt(data: string, prefix: string): number {
    const n = data.length;
    if (n < prefix.length + 8 || data.charCodeAt(0) !== OPEN_BRACE || data.charCodeAt(n - 1) !== CLOSE_BRACE) return -1;
    const head = this.head;
    if (head !== '' && data.startsWith(head) && data.startsWith(prefix, head.length)) return head.length;
    const at = data.indexOf(prefix, 1);
    if (at < 0 || !validHead(data, at)) return -1;
    this.head = data.slice(0, at);
    return at;
  }
}

/** A validated chunk's text up to and including a string's opening quote, and from its closing quote on. */
interface KnownShape {
  opening: string;
  closing: string;
  /** The tool call's index, for argument fragments. */
  index: number;
}

/**
 * The string between `shape`'s opening and closing when `data` is exactly those around one valid
 * JSON string, else undefined. Text with nothing escaped is taken as it is; text with escapes
 * (quotes and newlines in code, argument JSON) is parsed as one string, which fails if an
 * unescaped quote would end it early. (Slices compared whole: V8's startsWith and endsWith
 * measured several times slower on strings this long.)
 */
function inside(data: string, shape: KnownShape): string | undefined {
  const { opening, closing } = shape;
  const n = data.length;
  if (closing === '' || n < opening.length + closing.length) return undefined;
  if (data.slice(0, opening.length) !== opening || data.slice(n - closing.length) !== closing) return undefined;
  const text = data.slice(opening.length, n - closing.length);
  if (!NOT_PLAIN.test(text)) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined;
  }
}

/** Whether `data` up to `at` (where `choices` starts) is `{` and scalar members each followed by a comma. */
function validHead(data: string, at: number): boolean {
  if (at === 1) return true;
  const end = scalarMembers(data, 1, false);
  return end === at - 1 && data.charCodeAt(end) === COMMA;
}

/** The JSON string between the quotes at `open` and `close` (validated by `stringEnd`). */
function stringValue(data: string, open: number, close: number): string | undefined {
  const escape = data.indexOf('\\', open);
  if (escape < 0 || escape > close) return data.slice(open + 1, close);
  try {
    return JSON.parse(data.slice(open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * From just after a choice's delta to the end of the chunk: the choice's other members are
 * scalars with finish_reason null, the choices array ends, the members after it are scalars.
 */
function choiceEnd(data: string, from: number): boolean {
  const n = data.length;
  let i = from;
  if (data.charCodeAt(i) === COMMA) {
    i = scalarMembers(data, i + 1, true);
    if (i < 0) return false;
  }
  if (data.charCodeAt(i++) !== CLOSE_BRACE || data.charCodeAt(i++) !== CLOSE_BRACKET) return false;
  // Members after `choices`: scalars, then the object's end.
  if (data.charCodeAt(i) === COMMA) {
    i = scalarMembers(data, i + 1, false);
    if (i < 0) return false;
  }
  return i === n - 1;
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
    if (!choice && s.startsWith('"choices":', i + 1)) return i;
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
