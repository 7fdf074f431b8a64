/**
 * The cheap half of token estimation: one pass over the text counting character classes and
 * runs. It is a tight `charCodeAt` loop with one class table for the whole BMP: no regular
 * expression, no allocation, no string slicing, so it runs at hundreds of MB/s and can be done
 * for every request without thinking about its cost.
 */

/** Character-class counts of a text (or the sum over a request's messages). */
export interface CharCounts {
  /** ASCII letters, and how many runs (≈ words) they form. */
  letters: number;
  letterRuns: number;
  /** Lower-to-upper case changes inside a run (camelCase, base64): the pre-tokenizer splits there. */
  caseBreaks: number;
  /** ASCII digits, and their runs: BPE vocabularies split long numbers into groups of ≤ 3. */
  digits: number;
  digitRuns: number;
  /** Spaces and tabs (a single space usually merges into the next word's token). */
  spaces: number;
  newlines: number;
  /** ASCII punctuation, symbols and control characters. */
  punctuation: number;
  /** CJK ideographs, kana, Hangul, CJK and full-width punctuation. */
  cjk: number;
  /** Any other BMP character (accented Latin, Cyrillic, typographic quotes…). */
  otherBmp: number;
  /** Characters outside the BMP (emoji…), counted once per surrogate pair. */
  astral: number;
  /** UTF-16 code units scanned. */
  length: number;
}

const LOWER = 0;
const DIGIT = 1;
const SPACE = 2;
const NEWLINE = 3;
const PUNCT = 4;
const CJK = 5;
const OTHER = 6;
const ASTRAL = 7;
const UPPER = 8;

/*
 * The class of every BMP code unit, in one 64 KiB table: one load per character, no range checks
 * in the loop. High surrogates are ASTRAL (the pair counts once); a stray low surrogate is OTHER.
 */
const CLASS_OF = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000).fill(OTHER);
  for (let c = 0; c < 128; c++) table[c] = PUNCT;
  for (let c = 0x30; c <= 0x39; c++) table[c] = DIGIT;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = UPPER;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = LOWER;
  table[0x20] = SPACE;
  table[0x09] = SPACE;
  table[0x0a] = NEWLINE;
  table[0x0d] = NEWLINE;
  const cjk: Array<[number, number]> = [
    [0x2e80, 0x9fff],
    [0xac00, 0xd7a3],
    [0xf900, 0xfaff],
    [0xff00, 0xffef],
  ];
  for (const [from, to] of cjk) table.fill(CJK, from, to + 1);
  table.fill(ASTRAL, 0xd800, 0xdc00);
  return table;
}

/** Fresh zero counts, to accumulate several texts into with `addCharCounts`. */
export function emptyCharCounts(): CharCounts {
  return {
    letters: 0,
    letterRuns: 0,
    caseBreaks: 0,
    digits: 0,
    digitRuns: 0,
    spaces: 0,
    newlines: 0,
    punctuation: 0,
    cjk: 0,
    otherBmp: 0,
    astral: 0,
    length: 0,
  };
}

/*
 * The loop does one thing per character: bump the counter of the transition (previous class →
 * this class) in a 16×16 table. Class totals, runs (transitions into a class from another) and
 * case breaks (lower → upper) are all sums over that table afterwards, so the hot path has one
 * table read, one increment and no data-dependent branches for ASCII.
 */
const CLASSES = 16;
const transitions = new Int32Array(CLASSES * CLASSES);

/** Counts the character classes of `text` and adds them to `into` (returned for chaining). */
export function addCharCounts(text: string, into: CharCounts): CharCounts {
  const table = transitions;
  table.fill(0);
  const classOf = CLASS_OF;
  let previous = NEWLINE; // a text starts like a fresh line: its first word is a run start
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const kind = classOf[text.charCodeAt(i)];
    if (kind === ASTRAL) i++; // the low surrogate belongs to the same character
    table[(previous << 4) | kind]++;
    previous = kind;
  }
  for (let from = 0; from < CLASSES; from++) {
    const row = from << 4;
    const isLetter = from === LOWER || from === UPPER;
    into.letters += table[row | LOWER] + table[row | UPPER];
    if (!isLetter) into.letterRuns += table[row | LOWER] + table[row | UPPER];
    if (from !== DIGIT) into.digitRuns += table[row | DIGIT];
    into.digits += table[row | DIGIT];
    into.spaces += table[row | SPACE];
    into.newlines += table[row | NEWLINE];
    into.punctuation += table[row | PUNCT];
    into.cjk += table[row | CJK];
    into.otherBmp += table[row | OTHER];
    into.astral += table[row | ASTRAL];
  }
  into.caseBreaks += table[(LOWER << 4) | UPPER];
  into.length += n;
  return into;
}

/** Counts of one text. */
export function charCounts(text: string): CharCounts {
  return addCharCounts(text, emptyCharCounts());
}
