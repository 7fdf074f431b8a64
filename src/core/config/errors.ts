import { TokenhubError } from '../base/errors';
import type { ConfigProblem } from './types';

/**
 * A config was refused, whole. `problems` lists every problem found (not just the first), each
 * at its path; the message lists them too and says what to do, so it can be shown as is.
 */
export class ConfigError extends TokenhubError {
  readonly problems: readonly ConfigProblem[];
  /** The file the config came from, when it came from one. */
  readonly source?: string;

  constructor(problems: readonly ConfigProblem[], source?: string) {
    super('invalid_input', formatProblems(problems, source));
    this.problems = problems;
    this.source = source;
  }
}

/** `path: expected X, found Y`, the path omitted at the root. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === '' ? '' : `${problem.path}: `;
  return `${where}expected ${problem.expected}, found ${problem.found}`;
}

function formatProblems(problems: readonly ConfigProblem[], source?: string): string {
  const what = source ? `The Tokenhub config ${source}` : 'The Tokenhub config';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  return `${what} has ${count} and was not applied:\n${lines.join('\n')}\nFix ${problems.length === 1 ? 'it' : 'them'} and reload; nothing from this config was applied.`;
}
