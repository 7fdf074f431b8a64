/**
 * Anthropic carries a tool call's arguments as a JSON object (`input`), streamed as
 * `input_json_delta` fragments that clients parse (the official SDK fails the whole stream on a
 * character that is not JSON). Other vendors' arguments are JSON text as the model wrote it:
 * sometimes broken, sometimes cut short by `max_tokens`, sometimes blank. `JsonObjectPrefix`
 * follows the text fragment by fragment and lets through only what keeps it the valid beginning
 * of one JSON object; `closing()` then completes that beginning (an unfinished number, literal,
 * string or key gets a minimal ending, open containers are closed). What follows the first
 * character that breaks the JSON is left out: a broken call still reaches the client as a valid
 * object holding everything that came before the break.
 */

type Mode = 'start' | 'objectStart' | 'key' | 'colon' | 'value' | 'arrayStart' | 'afterValue' | 'string' | 'number' | 'literal' | 'done';
type NumberPhase = 'minus' | 'zero' | 'int' | 'dot' | 'frac' | 'exp' | 'expSign' | 'expDigits';
type Step = 'emit' | 'hold' | 'skip' | 'reject';

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isHex = (ch: string): boolean => isDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
const COMPLETE_NUMBER: ReadonlySet<NumberPhase> = new Set(['zero', 'int', 'frac', 'expDigits']);
const ESCAPES = '"\\/bfnrt';

/** Follows one JSON object text, fragment by fragment. */
export class JsonObjectPrefix {
  private readonly stack: ('object' | 'array')[] = [];
  private mode: Mode = 'start';
  private stringIsKey = false;
  /** In a string: after a backslash (`true`), or the hex digits a `\u` escape still needs. */
  private escape: boolean | number = false;
  private phase: NumberPhase = 'int';
  private literal = '';
  /** After a comma: held (with the whitespace after it) until something follows it. */
  private afterComma = false;
  private held = '';
  private broken = false;

  /** Takes the next fragment; returns the part of the text that may be sent now. */
  push(fragment: string): string {
    let out = '';
    for (const ch of fragment) {
      if (this.broken) break;
      const step = this.step(ch);
      if (step === 'reject') this.broken = true;
      else if (step === 'hold') this.held += ch;
      else if (step === 'emit') {
        out += this.held + ch;
        this.held = '';
      }
    }
    return out;
  }

  /** The text that completes what was let through into one JSON object (`{}` when nothing was). */
  closing(): string {
    let tail = '';
    switch (this.mode) {
      case 'start':
        return '{}';
      case 'string':
        if (this.escape === true) tail += '\\';
        else if (typeof this.escape === 'number') tail += '0'.repeat(this.escape);
        tail += this.stringIsKey ? '":null' : '"';
        break;
      case 'number':
        if (!COMPLETE_NUMBER.has(this.phase)) tail += '0';
        break;
      case 'literal':
        tail += this.literal;
        break;
      case 'colon':
        tail += ':null';
        break;
      case 'value':
        if (!this.afterComma) tail += 'null'; // after a key's colon; a held comma is simply not sent
        break;
      default:
    }
    for (let i = this.stack.length - 1; i >= 0; i--) tail += this.stack[i] === 'object' ? '}' : ']';
    return tail;
  }

  private step(ch: string): Step {
    switch (this.mode) {
      case 'string':
        return this.stringStep(ch);
      case 'number':
        if (this.numberStep(ch)) return 'emit';
        if (!COMPLETE_NUMBER.has(this.phase)) return 'reject';
        this.mode = 'afterValue';
        return this.step(ch);
      case 'literal':
        if (ch !== this.literal[0]) return 'reject';
        this.literal = this.literal.slice(1);
        if (this.literal === '') this.mode = 'afterValue';
        return 'emit';
      case 'start':
        if (isSpace(ch)) return 'skip';
        if (ch !== '{') return 'reject';
        this.open('object');
        return 'emit';
      case 'done':
        return isSpace(ch) ? 'skip' : 'reject';
      default:
    }
    if (isSpace(ch)) return 'hold';
    switch (this.mode) {
      case 'objectStart':
        if (ch === '}') return this.close();
        return this.beginString(ch, true);
      case 'key':
        return this.beginString(ch, true);
      case 'colon':
        if (ch !== ':') return 'reject';
        this.mode = 'value';
        this.afterComma = false;
        return 'emit';
      case 'arrayStart':
        if (ch === ']') return this.close();
        return this.beginValue(ch);
      case 'value':
        return this.beginValue(ch);
      case 'afterValue': {
        const top = this.stack[this.stack.length - 1];
        if (ch === ',') {
          this.mode = top === 'object' ? 'key' : 'value';
          this.afterComma = true;
          return 'hold';
        }
        if ((ch === '}' && top === 'object') || (ch === ']' && top === 'array')) return this.close();
        return 'reject';
      }
      default:
        return 'reject';
    }
  }

  private open(container: 'object' | 'array'): void {
    this.stack.push(container);
    this.mode = container === 'object' ? 'objectStart' : 'arrayStart';
  }

  private close(): Step {
    this.stack.pop();
    this.mode = this.stack.length === 0 ? 'done' : 'afterValue';
    return 'emit';
  }

  private beginString(ch: string, key: boolean): Step {
    if (ch !== '"') return 'reject';
    this.mode = 'string';
    this.stringIsKey = key;
    this.escape = false;
    return 'emit';
  }

  private beginValue(ch: string): Step {
    const literal = ch === 't' ? 'rue' : ch === 'f' ? 'alse' : ch === 'n' ? 'ull' : undefined;
    const number = ch === '-' || isDigit(ch);
    if (ch !== '{' && ch !== '[' && ch !== '"' && !number && literal === undefined) return 'reject';
    this.afterComma = false;
    if (ch === '{' || ch === '[') this.open(ch === '{' ? 'object' : 'array');
    else if (ch === '"') return this.beginString(ch, false);
    else if (number) {
      this.mode = 'number';
      this.phase = ch === '-' ? 'minus' : ch === '0' ? 'zero' : 'int';
    } else {
      this.mode = 'literal';
      this.literal = literal!;
    }
    return 'emit';
  }

  private stringStep(ch: string): Step {
    if (this.escape === true) {
      if (ch === 'u') this.escape = 4;
      else if (ESCAPES.includes(ch)) this.escape = false;
      else return 'reject';
      return 'emit';
    }
    if (typeof this.escape === 'number') {
      if (!isHex(ch)) return 'reject';
      this.escape = this.escape === 1 ? false : this.escape - 1;
      return 'emit';
    }
    if (ch === '\\') this.escape = true;
    else if (ch === '"') this.mode = this.stringIsKey ? 'colon' : 'afterValue';
    else if (ch < ' ') return 'reject'; // control characters must be escaped
    return 'emit';
  }

  /** True when `ch` continues the number (and updates its phase). */
  private numberStep(ch: string): boolean {
    const next = nextPhase(this.phase, ch);
    if (next === undefined) return false;
    this.phase = next;
    return true;
  }
}

/** The number grammar of JSON: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
function nextPhase(phase: NumberPhase, ch: string): NumberPhase | undefined {
  const digit = isDigit(ch);
  const exponent = ch === 'e' || ch === 'E';
  switch (phase) {
    case 'minus':
      return ch === '0' ? 'zero' : digit ? 'int' : undefined;
    case 'zero':
      return ch === '.' ? 'dot' : exponent ? 'exp' : undefined;
    case 'int':
      return digit ? 'int' : ch === '.' ? 'dot' : exponent ? 'exp' : undefined;
    case 'dot':
    case 'frac':
      return digit ? 'frac' : phase === 'frac' && exponent ? 'exp' : undefined;
    case 'exp':
      return ch === '+' || ch === '-' ? 'expSign' : digit ? 'expDigits' : undefined;
    case 'expSign':
    case 'expDigits':
      return digit ? 'expDigits' : undefined;
  }
}

/**
 * A call's arguments as the JSON object an Anthropic client gets: the arguments themselves when
 * they are one JSON object, else their valid beginning completed (`{}` when there is none).
 */
export function anthropicInput(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // repaired below
  }
  const prefix = new JsonObjectPrefix();
  const sent = prefix.push(text);
  return JSON.parse(sent + prefix.closing()) as Record<string, unknown>;
}
