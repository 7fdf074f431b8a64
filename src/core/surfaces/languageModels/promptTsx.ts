import { TokenhubError } from '../../base/errors';
import { isJsonObject } from '../../formats/codec';

/*
 * `@vscode/prompt-tsx` tool results (`LanguageModelPromptTsxPart`) carry a PromptElementJSON: a
 * tree of pieces (`type: 1`, with `ctor` and `children`) and text nodes (`type: 2`, `text`,
 * `lineBreakBefore`). VS Code's own chat flattens it to text the same way when a model cannot
 * take it (`stringifyPromptElementJSON`); image pieces (`ctor: 3`) have no text and stand as a
 * placeholder there too.
 */
const TEXT_NODE = 2;
const CHAT_MESSAGE_PIECE = 1;
const OTHER_PIECE = 2;
const IMAGE_PIECE = 3;
/** Deeper trees than this are not prompt-tsx output: refused rather than walked without end. */
const MAX_DEPTH = 100;

/**
 * The text of a prompt-tsx part's value, as VS Code flattens it. A value that is not a
 * PromptElementJSON is refused with an error naming what was found.
 */
export function promptTsxText(value: unknown, where: string): string {
  if (!isJsonObject(value) || !isJsonObject(value.node)) {
    throw new TokenhubError('invalid_input', `${where} holds a prompt-tsx part whose value is not a PromptElementJSON (no "node"). Send the tool result as LanguageModelTextPart instead.`);
  }
  const out: string[] = [];
  walk(value.node, out, 0, where);
  return out.join('');
}

function walk(node: unknown, out: string[], depth: number, where: string): void {
  if (depth > MAX_DEPTH) throw new TokenhubError('invalid_input', `${where} holds a prompt-tsx part nested deeper than ${MAX_DEPTH} levels.`);
  if (!isJsonObject(node)) return;
  if (node.type === TEXT_NODE) {
    if (node.lineBreakBefore === true) out.push('\n');
    if (typeof node.text === 'string') out.push(node.text);
    return;
  }
  if (node.ctor === IMAGE_PIECE) {
    out.push('<image>');
    return;
  }
  if ((node.ctor === CHAT_MESSAGE_PIECE || node.ctor === OTHER_PIECE) && Array.isArray(node.children)) {
    for (const child of node.children) walk(child, out, depth + 1, where);
  }
}
