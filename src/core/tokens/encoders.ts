import type * as EncodingModule from 'gpt-tokenizer/encoding/o200k_base';
import type { ExactEncoding } from './families';

/** Counts tokens of a text with a real encoding. */
export type TokenCounter = (text: string) => number;

const counters = new Map<ExactEncoding, TokenCounter>();

/*
 * Special-token text such as "<|endoftext|>" in a user's prompt is plain text to the API; by
 * default gpt-tokenizer throws on it, so count it as ordinary characters instead.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The counter for an encoding, loaded on first use: each encoding's tables are megabytes and
 * take ~100 ms to load, which only a prompt near a limit should pay for. `require` with a literal
 * path keeps it synchronous (the router's fit check is) and lets esbuild bundle it lazily.
 */
export function exactCounter(encoding: ExactEncoding): TokenCounter {
  let counter = counters.get(encoding);
  if (!counter) {
    const module = load(encoding);
    counter = (text) => (text === '' ? 0 : module.countTokens(text, PLAIN_TEXT));
    counters.set(encoding, counter);
  }
  return counter;
}

/** True once an encoding's tables are in memory (for tests and diagnostics). */
export function isEncodingLoaded(encoding: ExactEncoding): boolean {
  return counters.has(encoding);
}

function load(encoding: ExactEncoding): typeof EncodingModule {
  switch (encoding) {
    case 'o200k_base':
      return require('gpt-tokenizer/encoding/o200k_base') as typeof EncodingModule;
    case 'cl100k_base':
      return require('gpt-tokenizer/encoding/cl100k_base') as typeof EncodingModule;
  }
}
