// Reads a key or a passphrase from stdin: piped input is read to its end (scriptable), a
// terminal gets a prompt and no echo. Never from argv, which lands in shell history and `ps`.
import type { Readable } from 'node:stream';
import { TokenhubError } from '../core/base/errors';

/** Something text can be written to: process.stdout, or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

/** A terminal stdin: the part of tty.ReadStream used to turn echo off. */
interface TerminalInput extends Readable {
  isTTY: true;
  setRawMode(mode: boolean): unknown;
}

const MAX_INPUT_BYTES = 64 * 1024;

function isTerminal(stdin: Readable): stdin is TerminalInput {
  return (stdin as Partial<TerminalInput>).isTTY === true && typeof (stdin as Partial<TerminalInput>).setRawMode === 'function';
}

/** Drops one trailing line break, as `echo` and here-strings add one. */
export function trimNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readAll(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_INPUT_BYTES) throw new TokenhubError('invalid_input', `The input on stdin is larger than ${MAX_INPUT_BYTES / 1024} KiB.`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readHidden(stdin: TerminalInput, stderr: TextSink, prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  let text = '';
  return new Promise<string>((resolve, reject) => {
    const finish = (error?: TokenhubError): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (data: string): void => {
      for (const char of data) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new TokenhubError('cancelled', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') text = [...text].slice(0, -1).join('');
        else text += char;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * Reads one secret. From a string (tests) or a pipe: everything, less one trailing newline.
 * From a terminal: one line typed without echo, after `prompt` on stderr.
 */
export async function readSecret(stdin: Readable | string, stderr: TextSink, prompt: string): Promise<string> {
  if (typeof stdin === 'string') return trimNewline(stdin);
  if (isTerminal(stdin)) return readHidden(stdin, stderr, prompt);
  return trimNewline(await readAll(stdin));
}

/** True when secrets will be typed at a terminal (so asking twice to confirm makes sense). */
export function isInteractive(stdin: Readable | string): boolean {
  return typeof stdin !== 'string' && isTerminal(stdin);
}
