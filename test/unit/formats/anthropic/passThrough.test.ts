import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../../src/core/model/request';
import { checkMessagesRequest, encodeMessagesRequest } from '../../../../src/core/formats/anthropic/encodeRequest';
import { decodeMessagesRequest } from '../../../../src/core/formats/anthropic/decodeRequest';
import { CLAUDE_CODE_HEADERS, CLAUDE_CODE_REQUEST } from './recorded';

const target = { model: 'claude-sonnet-4-5', stream: false, defaultMaxTokens: 4096 };
const issueNames = (issues: { field: string; action: string }[]) => issues.map((issue) => `${issue.field}:${issue.action}`);

describe('anthropic pass-through (an Anthropic client to an Anthropic provider)', () => {
  const decode = (body: unknown): ChatRequest => {
    const result = decodeMessagesRequest(body, CLAUDE_CODE_HEADERS);
    if (!result.ok) assert.fail(result.problem.message);
    return result.value;
  };

  it("sends a Claude Code request as it came, with only model and stream replaced, and no issues", () => {
    const request = decode(CLAUDE_CODE_REQUEST);
    const encoded = encodeMessagesRequest(request, { model: 'claude-sonnet-4-6-20260101', stream: true, defaultMaxTokens: 4096 });
    assert.deepEqual(encoded.body, { ...CLAUDE_CODE_REQUEST, model: 'claude-sonnet-4-6-20260101', stream: true });
    assert.deepEqual(Object.keys(encoded.body), Object.keys(CLAUDE_CODE_REQUEST), 'the fields keep their order');
    assert.deepEqual(encoded.issues, []);
    assert.deepEqual(checkMessagesRequest(request), []);
    assert.equal(encodeMessagesRequest(request, { ...target, stream: false }).body.stream, false);
    assert.notEqual(encoded.body, CLAUDE_CODE_REQUEST, "the client's body is not changed in place");
  });

  it('leaves out thinking (and the clear_thinking edit that needs it) when the tool loop lost its signed thinking, and says so', () => {
    const [first, assistant, ...rest] = CLAUDE_CODE_REQUEST.messages;
    const unsigned = { ...assistant!, content: (assistant!.content as object[]).slice(1) };
    const body = { ...CLAUDE_CODE_REQUEST, messages: [first, unsigned, ...rest] };
    const request = decode(body);
    const encoded = encodeMessagesRequest(request, { ...target, stream: true });
    const expected: Record<string, unknown> = { ...body, model: target.model, stream: true };
    delete expected.thinking;
    delete expected.context_management;
    assert.deepEqual(encoded.body, expected);
    assert.deepEqual(issueNames(encoded.issues), ['thinking:drop', 'context_management:drop']);
    assert.deepEqual(checkMessagesRequest(request), encoded.issues);
    assert.ok(body.thinking, "the client's body keeps its thinking");
  });
});
