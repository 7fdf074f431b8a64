import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors';
import { parseConfig } from './parse';
import type { ConfigProblem, Env, ParseOptions, ParsedConfig } from './types';

/**
 * Reads and validates a JSON config file. Unreadable files, JSON syntax errors (with line and
 * column) and validation problems all throw a `ConfigError` naming the file.
 */
export async function loadConfigFile(path: string, env: Env, options: ParseOptions = {}): Promise<ParsedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? String(cause);
    throw new ConfigError([{ path: '', expected: 'a readable JSON file', found: code }], path);
  }
  return parseConfigText(text, env, options, path);
}

/** Parses config text (as read from `source`), reporting JSON syntax errors with their position. */
export function parseConfigText(text: string, env: Env, options: ParseOptions = {}, source?: string): ParsedConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows write a BOM
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new ConfigError([syntaxProblem(body, cause)], source);
  }
  try {
    return parseConfig(raw, env, options);
  } catch (error) {
    if (error instanceof ConfigError && source !== undefined) throw new ConfigError(error.problems, source);
    throw error;
  }
}

/** Turns V8's "… at position N" into line and column; at the end of input when it gives none. */
export function syntaxProblem(text: string, cause: unknown): ConfigProblem {
  const message = cause instanceof Error ? cause.message : String(cause);
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  const position = /at position (\d+)/.exec(message);
  let line: number;
  let column: number;
  if (lineColumn) {
    line = Number(lineColumn[1]);
    column = Number(lineColumn[2]);
  } else {
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset);
    line = before.split('\n').length;
    column = offset - before.lastIndexOf('\n');
  }
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '');
  return { path: '', expected: 'valid JSON', found: `${reason} at line ${line}, column ${column}` };
}
