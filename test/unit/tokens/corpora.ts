import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The four test corpora: English prose, TypeScript, JSON, Chinese. */
export const CORPORA: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ['english', 'english.txt'],
    ['typescript', 'code.ts.txt'],
    ['json', 'tickets.json'],
    ['chinese', 'chinese.txt'],
  ].map(([name, file]) => [name, readFileSync(join(__dirname, '../../fixtures/corpora', file), 'utf8')]),
);
