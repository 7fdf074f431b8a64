// A small markdown renderer for model output that builds DOM nodes and sets only `textContent`:
// nothing a model writes is ever parsed as HTML. Paragraphs, headings, lists, quotes, rules, fenced
// code blocks (also an unclosed one while it streams), inline code, bold, italic and links (shown
// as text with the address beside it; nothing navigates).

import './markdown.css';

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const INLINE = /(`+)([\s\S]+?)\1|\*\*(?=\S)([\s\S]+?)\*\*|__(?=\S)([\s\S]+?)__|\*(?=\S)([^*]+?)\*|\b_(?=\S)([^_]+?)_\b|\[([^\]]+)\]\(([^)\s]+)\)/g;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Inline markup of one block's text, as nodes appended to `parent`. */
export function renderInline(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) parent.append(document.createTextNode(text.slice(last, index)));
    last = index + match[0].length;
    const [, , code, strong, strong2, em, em2, linkText, href] = match;
    if (code !== undefined) parent.append(el('code', undefined, code.trim() === '' ? code : code.replace(/^ (.*) $/, '$1')));
    else if (strong !== undefined || strong2 !== undefined) {
      const node = el('strong');
      renderInline(node, strong ?? strong2 ?? '');
      parent.append(node);
    } else if (em !== undefined || em2 !== undefined) {
      const node = el('em');
      renderInline(node, em ?? em2 ?? '');
      parent.append(node);
    } else if (linkText !== undefined && href !== undefined) {
      const node = el('span', 'link', linkText);
      node.title = href;
      parent.append(node, el('span', 'link-address', ` (${href})`));
    }
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

function paragraph(lines: string[]): HTMLElement {
  const p = el('p');
  lines.forEach((line, i) => {
    if (i > 0) p.append(document.createTextNode(' '));
    renderInline(p, line.trim());
  });
  return p;
}

/** Renders markdown text into a fragment of safe nodes. */
export function renderMarkdown(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let list: { node: HTMLOListElement | HTMLUListElement; ordered: boolean; item?: HTMLLIElement } | undefined;
  const endPara = (): void => {
    if (para.length) out.append(paragraph(para));
    para = [];
  };
  const endList = (): void => {
    list = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      endPara();
      endList();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !(lines[j] ?? '').trimStart().startsWith(marker)) body.push(lines[j++] ?? '');
      const pre = el('pre', 'code-block');
      if (fence[2]) pre.dataset.lang = fence[2];
      pre.append(el('code', undefined, body.join('\n')));
      out.append(pre);
      i = j;
      continue;
    }
    if (line.trim() === '') {
      endPara();
      if (list && !LIST_ITEM.test(lines[i + 1] ?? '')) endList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endPara();
      endList();
      const level = Math.min(6, (heading[1] ?? '#').length + 1) as 2 | 3 | 4 | 5 | 6;
      const h = el(`h${level}`);
      renderInline(h, heading[2] ?? '');
      out.append(h);
      continue;
    }
    if (RULE.test(line)) {
      endPara();
      endList();
      out.append(el('hr'));
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endPara();
      const ordered = /\d/.test(item[2] ?? '');
      if (!list || list.ordered !== ordered) {
        const node = ordered ? el('ol') : el('ul');
        if (ordered) (node as HTMLOListElement).start = Number.parseInt(item[2] ?? '1', 10) || 1;
        out.append(node);
        list = { node, ordered };
      }
      const li = el('li');
      if ((item[1] ?? '').length >= 2) li.className = 'nested';
      renderInline(li, item[3] ?? '');
      list.node.append(li);
      list.item = li;
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      endPara();
      endList();
      const q = el('blockquote');
      renderInline(q, quote[1] ?? '');
      out.append(q);
      continue;
    }
    if (list?.item && /^\s+/.test(line)) {
      list.item.append(document.createTextNode(' '));
      renderInline(list.item, line.trim());
      continue;
    }
    endList();
    para.push(line);
  }
  endPara();
  return out;
}
