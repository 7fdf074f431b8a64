// Ask's prompts as data, the conversation kept as messages of the model, and the code blocks
// Insert applies.
import assert from 'node:assert/strict';
import { applicableBlocks, blockLabel, codeBlocks, fitsLanguage, fitToSelection } from '../../../src/core/ask/codeBlocks';
import { askFollowUp, compact, conversationMessages, CONVERSATION_CHARS, finishTurn, HISTORY_LIMIT, parseHistory, remember, startConversation, updateLastTurn } from '../../../src/core/ask/conversation';
import type { Conversation } from '../../../src/core/ask/conversation';
import { ASK_PROMPTS, askRequestMessages, askSystemPrompt, MAX_CONTEXT_CHARS } from '../../../src/core/ask/prompts';
import type { AskContext } from '../../../src/core/ask/prompts';
import { foldEvents } from '../../../src/core/model/answer';
import { textOf } from '../../../src/core/model/content';

const context: AskContext = { fileName: 'fetchUser.ts', language: 'typescript', kind: 'selection', startLine: 3, endLine: 5, code: 'const a = ```x```;\nreturn a;' };
const facts = { model: 'gpt', provider: 'openai', promptTokens: 10, completionTokens: 5, estimated: false, costUsd: 0.001, durationMs: 20, escalations: [] };

describe('Ask prompts', () => {
  it('puts the selection with its file, language and lines in the system prompt, fenced safely', () => {
    const system = askSystemPrompt(context);
    assert.ok(system.startsWith(ASK_PROMPTS.system));
    assert.match(system, /selected this code in fetchUser\.ts \(typescript\), lines 3–5:/);
    assert.match(system, /\n````typescript\nconst a = ```x```;\nreturn a;\n````$/, 'a fence longer than any backtick run in the code');
    const visible = askSystemPrompt({ ...context, kind: 'visible', startLine: 7, endLine: 7 });
    assert.match(visible, /The user has fetchUser\.ts \(typescript\) open, showing line 7:\n/);
    assert.equal(askSystemPrompt(), ASK_PROMPTS.system);
  });

  it('cuts a huge selection and says so', () => {
    const system = askSystemPrompt({ ...context, code: 'x'.repeat(MAX_CONTEXT_CHARS + 10) });
    assert.match(system, new RegExp(`only its first ${MAX_CONTEXT_CHARS} of ${MAX_CONTEXT_CHARS + 10} characters`));
    assert.ok(system.length < MAX_CONTEXT_CHARS + 2000);
  });

  it('never reads a question or code as a template', () => {
    const system = askSystemPrompt({ ...context, code: '{{fence}} {{code}}', fileName: '{{language}}.ts' });
    assert.match(system, /in \{\{language\}\}\.ts \(typescript\)/);
    assert.match(system, /\{\{fence\}\} \{\{code\}\}/);
  });
});

describe('Ask conversation', () => {
  function answered(question: string, answer: string, previous?: Conversation): Conversation {
    const asked = previous ? askFollowUp(previous, question, 'auto', 2) : startConversation('c1', question, 'auto', 1, context);
    const folded = foldEvents([{ type: 'reasoning', index: 0, text: 'thinking' }, { type: 'text', index: 1, text: answer }, { type: 'finish', reason: 'stop' }]);
    return updateLastTurn(asked, (turn) => finishTurn(turn, folded, facts), 3);
  }

  it('sends the answered exchanges, then the new question, after the system prompt with the context', () => {
    const first = answered('What does it do?', 'It fetches.');
    const second = askFollowUp(first, 'And errors?', 'gpt', 4);
    const messages = askRequestMessages(conversationMessages(second), second.context);
    assert.deepEqual(messages.map((m) => [m.role, textOf(m.content)]), [
      ['system', askSystemPrompt(context)],
      ['user', 'What does it do?'],
      ['assistant', 'It fetches.'],
      ['user', 'And errors?'],
    ]);
    assert.equal(second.turns[1]?.asked, 'gpt');
    assert.equal(second.title, 'What does it do?');
  });

  it('leaves failed and cancelled turns out of what is sent on', () => {
    const first = answered('One?', 'Yes.');
    const failed = updateLastTurn(askFollowUp(first, 'Two?', 'auto', 4), (t) => ({ ...t, status: 'failed', error: 'no model answered' }), 5);
    const third = askFollowUp(failed, 'Three?', 'auto', 6);
    assert.deepEqual(conversationMessages(third).map((m) => textOf(m.content)), ['One?', 'Yes.', 'Three?']);
  });

  it('keeps a bounded history, newest first, one copy per conversation', () => {
    let history: Conversation[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) history = remember(history, { ...answered(`Q${i}?`, 'A.'), id: `c${i}` });
    history = remember(history, { ...answered('again', 'A.'), id: 'c10' });
    assert.equal(history.length, HISTORY_LIMIT);
    assert.deepEqual(history.slice(0, 3).map((c) => c.id), ['c10', `c${HISTORY_LIMIT + 4}`, `c${HISTORY_LIMIT + 3}`]);
    assert.equal(history.filter((c) => c.id === 'c10').length, 1);
  });

  it('drops the oldest turns of a conversation over its size', () => {
    let conversation = answered('first', 'x'.repeat(CONVERSATION_CHARS / 2));
    conversation = answered('second', 'y'.repeat(CONVERSATION_CHARS / 2), conversation);
    conversation = answered('third', 'z', conversation);
    assert.deepEqual(compact(conversation).turns.map((t) => textOf(t.question.content)), ['second', 'third']);
  });

  it('reads back what it wrote, drops anything malformed, and marks a streaming turn cancelled', () => {
    const done = answered('Q?', 'A.');
    const streaming = askFollowUp(done, 'More?', 'auto', 9);
    const stored: unknown = JSON.parse(JSON.stringify([done, { ...streaming, id: 'c2' }, { id: 'bad' }, { ...done, id: 'c3', turns: [{ text: 1 }] }, null]));
    const read = parseHistory(stored);
    assert.deepEqual(read.map((c) => c.id), ['c1', 'c2']);
    assert.deepEqual(read[0], done);
    assert.equal(read[1]?.turns[1]?.status, 'cancelled');
    assert.deepEqual(parseHistory({ not: 'an array' }), []);
    const injected = JSON.parse(JSON.stringify([{ ...done, turns: [{ ...done.turns[0], question: { role: 'user', content: [{ type: 'image', source: {} }] } }] }]));
    assert.deepEqual(parseHistory(injected), [], 'only text parts are kept');
  });
});

describe('code blocks', () => {
  const answer = [
    '## Fix',
    '',
    'Check the status first:',
    '',
    '```ts',
    'if (!res.ok) throw new Error("HTTP " + res.status);',
    '```',
    '',
    '1. Then run:',
    '   ```sh',
    '   npm test',
    '   ```',
    '',
    '````typescript',
    'const fence = "```";',
    '````',
    '',
    '```diff',
    '- a',
    '+ b',
    '```',
    '```',
    'plain',
  ].join('\n');

  it('finds every fenced block with its language, without fences or list indentation', () => {
    const blocks = codeBlocks(answer);
    assert.deepEqual(blocks.map((b) => [b.language, b.code, b.line, b.closed]), [
      ['ts', 'if (!res.ok) throw new Error("HTTP " + res.status);', 5, true],
      ['sh', 'npm test', 10, true],
      ['typescript', 'const fence = "```";', 14, true],
      ['diff', '- a\n+ b', 18, true],
      ['', 'plain', 22, false],
    ]);
  });

  it('offers the blocks in the file\'s language first, the last of them first, diffs and output last', () => {
    const ranked = applicableBlocks(codeBlocks(answer), 'typescript');
    assert.deepEqual(ranked.map((b) => b.index), [2, 0, 4, 1, 3]);
    assert.ok(fitsLanguage(codeBlocks('```py\nx\n```')[0]!, 'python'));
    assert.ok(!fitsLanguage(codeBlocks('```py\nx\n```')[0]!, 'constructor'));
    assert.deepEqual(applicableBlocks(codeBlocks('```ts\n\n```\nno code here'), 'typescript'), []);
    assert.equal(blockLabel(codeBlocks(answer)[0]!), 'ts · 1 line · if (!res.ok) throw new Error("HTTP " + res.status);');
  });

  it('finds no block in prose', () => {
    assert.deepEqual(codeBlocks('Just text with `inline code` and ``two``.'), []);
  });

  it('gives flush-left code back the selection\'s indentation and final newline', () => {
    assert.equal(fitToSelection('if (x) {\n  y();\n}\n\n', '    if (a) {\n      b();\n    }\n'), '    if (x) {\n      y();\n    }\n');
    assert.equal(fitToSelection('  kept();', '    old();'), '  kept();', 'indented code stays as written');
    assert.equal(fitToSelection('x = 1', 'y = 2'), 'x = 1');
  });
});
