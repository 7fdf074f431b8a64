/**
 * The code in a model's markdown answer: what Insert applies. An answer is prose around fenced
 * blocks; only a block's content goes into the file, never the fences, headings or lists around it.
 */

/** One fenced block. */
export interface CodeBlock {
  /** 0-based, in the order of the answer. */
  readonly index: number;
  /** The info string's first word (`ts`, `python`), '' when none. */
  readonly language: string;
  /** The content, without the fences and without the indentation the fence had. */
  readonly code: string;
  /** 1-based line of the opening fence in the answer. */
  readonly line: number;
  /** False for a block the answer never closed (the stream was cut). */
  readonly closed: boolean;
}

const OPEN = /^( *)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

/** Every fenced block of `markdown`, in order (CommonMark fences; indented ones inside lists too). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    let closed = false;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? '';
      const trimmed = line.trimStart();
      if (trimmed.startsWith(fence[0]!.repeat(fence.length)) && trimmed.replace(/[`~]+/, '').trim() === '' && trimmed[0] === fence[0]) {
        closed = true;
        break;
      }
      body.push(stripIndent(line, indent));
    }
    blocks.push({ index: blocks.length, language: open[3]!.toLowerCase(), code: body.join('\n'), line: i + 1, closed });
    i = j;
  }
  return blocks;
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && line[n] === ' ') n++;
  return line.slice(n);
}

/** Fence languages by VS Code language id: what a model writes for the file's language. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  typescript: ['ts', 'typescript', 'tsx'],
  typescriptreact: ['tsx', 'typescript', 'ts'],
  javascript: ['js', 'javascript', 'jsx', 'mjs', 'cjs'],
  javascriptreact: ['jsx', 'javascript', 'js'],
  python: ['py', 'python', 'python3'],
  shellscript: ['sh', 'bash', 'shell', 'zsh'],
  csharp: ['cs', 'csharp', 'c#'],
  cpp: ['cpp', 'c++', 'cc', 'cxx', 'hpp'],
  rust: ['rs', 'rust'],
  go: ['go', 'golang'],
  ruby: ['rb', 'ruby'],
  markdown: ['md', 'markdown'],
  yaml: ['yaml', 'yml'],
  powershell: ['ps1', 'powershell', 'pwsh'],
  kotlin: ['kt', 'kotlin'],
};

/** True when a block's language is the file's (or the block names none). */
export function fitsLanguage(block: CodeBlock, languageId: string): boolean {
  if (block.language === '') return true;
  const own = Object.prototype.hasOwnProperty.call(ALIASES, languageId) ? ALIASES[languageId]! : [languageId];
  return own.includes(block.language);
}

/** Languages of blocks that are not code to apply (a diff, a shell session, output). */
const NOT_APPLICABLE = new Set(['diff', 'patch', 'console', 'output', 'text', 'plaintext', 'log']);

/**
 * The blocks Insert offers for a file of `languageId`, best first: blocks in the file's language
 * (the last one first: answers end with the final version), then blocks without a language, then
 * the rest; diffs and console output last. Empty blocks are left out.
 */
export function applicableBlocks(blocks: readonly CodeBlock[], languageId: string): CodeBlock[] {
  const rank = (b: CodeBlock): number => (NOT_APPLICABLE.has(b.language) ? 3 : b.language !== '' && fitsLanguage(b, languageId) ? 0 : b.language === '' ? 1 : 2);
  return blocks.filter((b) => b.code.trim() !== '').sort((a, b) => rank(a) - rank(b) || b.index - a.index);
}

/** A short label for a block: its language and first line that says something. */
export function blockLabel(block: CodeBlock): string {
  const first = block.code.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  const shown = first.length > 60 ? `${first.slice(0, 59)}…` : first;
  const lines = block.code.split('\n').length;
  return `${block.language || 'code'} · ${lines} line${lines === 1 ? '' : 's'} · ${shown}`;
}

/**
 * A block's code shaped to replace `original` (the selected text): models drop the indentation of
 * code they were shown inside a class or a function, so when the block is flush left and the
 * selection's first line is indented, every line gets that indentation back; the selection's
 * final newline is kept. Anything else stays as the model wrote it.
 */
export function fitToSelection(code: string, original: string): string {
  const leading = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? '';
  const want = leading(original.split('\n').find((line) => line.trim() !== '') ?? '');
  let out = code.replace(/\n+$/, '');
  const lines = out.split('\n').filter((line) => line.trim() !== '');
  const flush = lines.length > 0 && lines.some((line) => leading(line) === '');
  if (want !== '' && flush) out = out.split('\n').map((line) => (line.trim() === '' ? line : want + line)).join('\n');
  if (original.endsWith('\n')) out += '\n';
  return out;
}
