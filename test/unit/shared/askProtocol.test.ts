import assert from 'node:assert/strict';
import { askProtocolVersion, isAskPanelState, MAX_QUESTION_CHARS, parseAskHostMessage, parseAskWebviewMessage } from '../../../src/shared/askProtocol';
import type { AskPanelState } from '../../../src/shared/askProtocol';

const state: AskPanelState = {
  conversationId: 'c1',
  title: 'What does add do?',
  context: { fileName: 'app.ts', language: 'typescript', kind: 'selection', lines: 'lines 1–3' },
  turns: [
    { question: 'What does add do?', answer: 'It adds.', status: 'done', asked: 'auto', model: 'gpt', provider: 'openai', promptTokens: 5, completionTokens: 2, estimated: false, costUsd: 0.001, durationMs: 40, escalations: [{ model: 'x', provider: 'p', reason: 'rate_limited' }], codeBlocks: 0 },
    { question: 'And?', answer: 'So', status: 'streaming', asked: 'claude', escalations: [], codeBlocks: 0 },
  ],
  models: [{ id: 'auto', label: 'Auto' }, { id: 'gpt', label: 'gpt · openai' }],
  nextModel: 'claude',
  busy: true,
  insertTarget: 'app.ts',
};

describe('Ask panel protocol', () => {
  it('accepts the handshake and the panel\'s requests, checked', () => {
    assert.deepEqual(parseAskWebviewMessage({ type: 'ready', protocol: askProtocolVersion }), { type: 'ready', protocol: askProtocolVersion });
    assert.deepEqual(parseAskWebviewMessage({ type: 'ask', question: 'Why?', extra: 1 }), { type: 'ask', question: 'Why?' });
    assert.deepEqual(parseAskWebviewMessage({ type: 'pickModel', model: 'gpt' }), { type: 'pickModel', model: 'gpt' });
    assert.deepEqual(parseAskWebviewMessage({ type: 'insert', turn: 1 }), { type: 'insert', turn: 1 });
    for (const type of ['cancel', 'newConversation', 'history'] as const) assert.deepEqual(parseAskWebviewMessage({ type }), { type });
  });

  it('drops what is malformed: empty or huge questions, bad turn indexes, unknown types', () => {
    const bad = [
      { type: 'ask', question: '   ' },
      { type: 'ask', question: 'x'.repeat(MAX_QUESTION_CHARS + 1) },
      { type: 'ask' },
      { type: 'pickModel', model: '' },
      { type: 'insert', turn: -1 },
      { type: 'copy', turn: 1.5 },
      { type: 'insert', turn: '0' },
      { type: 'eval', code: 'x' },
      null,
      [],
    ];
    for (const value of bad) assert.equal(parseAskWebviewMessage(value), undefined, JSON.stringify(value)?.slice(0, 80));
  });

  it('accepts a whole snapshot and refuses a broken one', () => {
    assert.deepEqual(parseAskHostMessage({ type: 'snapshot', seq: 2, state }), { type: 'snapshot', seq: 2, state });
    assert.ok(isAskPanelState(JSON.parse(JSON.stringify(state))));
    const broken = [
      { ...state, turns: [{ ...state.turns[0], status: 'exploded' }] },
      { ...state, turns: [{ ...state.turns[0], costUsd: -1 }] },
      { ...state, context: { ...state.context, kind: 'other' } },
      { ...state, busy: 'yes' },
      { ...state, models: [{ id: 1 }] },
    ];
    for (const value of broken) assert.equal(parseAskHostMessage({ type: 'snapshot', seq: 1, state: value }), undefined);
    assert.equal(parseAskHostMessage({ type: 'snapshot', state }), undefined);
  });
});
