import assert from 'node:assert/strict';
import type { JsonObject } from '../../../../src/core/model/content';
import { decodeResponsesRequest } from '../../../../src/core/formats/responses/decodeRequest';
import { checkResponsesRequest, encodeResponsesRequest } from '../../../../src/core/formats/responses/encodeRequest';
import { issuesOf, ok } from './helpers';
import { CODEX_REQUEST } from './recorded';

describe("Codex CLI's Responses request", () => {
  it('decodes into the conversation, its tools and options', () => {
    const request = ok(decodeResponsesRequest(CODEX_REQUEST));
    assert.deepEqual(
      request.messages.map((message) => [message.role, message.content.map((part) => part.type)]),
      [
        ['system', ['text']],
        ['system', ['text']],
        ['user', ['text']],
        ['user', ['text']],
        ['user', ['text']],
        ['assistant', ['reasoning', 'text', 'tool_call']],
        ['tool', ['tool_result']],
      ],
    );
    assert.deepEqual(request.messages[0]!.content[0], { type: 'text', text: CODEX_REQUEST.instructions });
    assert.deepEqual(request.messages[5]!.content[0], {
      type: 'reasoning',
      text: '**Running the tests first**',
      encryptedContent: CODEX_REQUEST.input[4]!.encrypted_content,
    });
    assert.deepEqual(request.messages[5]!.content[2], {
      type: 'tool_call',
      id: 'call_Xq7yMvd3K2bLh0zRjUeT5wNc',
      name: 'shell_command',
      arguments: '{"command":"npm test","workdir":"/work/app"}',
    });
    const result = request.messages[6]!.content[0];
    assert.equal(result?.type === 'tool_result' && result.callId, 'call_Xq7yMvd3K2bLh0zRjUeT5wNc');
    assert.deepEqual(
      request.tools?.map((tool) => [tool.name, tool.strict]),
      [
        ['shell_command', undefined],
        ['update_plan', undefined],
      ],
    );
    assert.deepEqual(request.toolChoice, { type: 'auto' });
    assert.equal(request.parallelToolCalls, true);
    assert.deepEqual(request.reasoning, { effort: 'medium', summary: 'auto' });
    assert.equal(request.origin?.format, 'openai-responses');
    assert.equal(request.origin?.body, CODEX_REQUEST);
  });

  it('names what other formats cannot carry, all of it droppable', () => {
    const issues = issuesOf(CODEX_REQUEST);
    assert.deepEqual(issues.map((issue) => issue.field).sort(), ['client_metadata', 'include', 'input[].phase', 'prompt_cache_key', 'text.verbosity', 'tools[2]', 'tools[3]']);
    assert.ok(issues.every((issue) => issue.action === 'drop' && issue.reason));
    assert.match(issues.find((issue) => issue.field === 'tools[3]')!.reason!, /web_search is a built-in tool of OpenAI/);
    assert.match(issues.find((issue) => issue.field === 'tools[2]')!.reason!, /namespace/);
  });

  it('passes through to an OpenAI Responses upstream with only model and stream replaced', () => {
    const request = ok(decodeResponsesRequest(CODEX_REQUEST));
    assert.deepEqual(checkResponsesRequest(request), []);
    const encoded = encodeResponsesRequest(request, { model: 'gpt-5.5', stream: true });
    assert.deepEqual(encoded, { body: { ...CODEX_REQUEST, model: 'gpt-5.5' }, issues: [] });
    const whole = encodeResponsesRequest(request, { model: 'gpt-5.5', stream: false });
    assert.deepEqual(whole.body, { ...CODEX_REQUEST, model: 'gpt-5.5', stream: false });
    assert.deepEqual(encodeResponsesRequest(ok(decodeResponsesRequest({ ...CODEX_REQUEST, stream_options: { include_obfuscation: false } })), { model: 'm', stream: false }).body.stream_options, undefined);
  });

  it('re-encodes from the model with its encrypted reasoning, stateless', () => {
    const { origin, ...request } = ok(decodeResponsesRequest(CODEX_REQUEST));
    void origin;
    const { body } = encodeResponsesRequest(request, { model: 'gpt-5.5', stream: true });
    const input = body.input as JsonObject[];
    assert.deepEqual(input.slice(0, 2), [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: CODEX_REQUEST.instructions }] },
      { type: 'message', role: 'developer', content: CODEX_REQUEST.input[0]!.content },
    ]);
    assert.deepEqual(input[5], { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Running the tests first**' }], encrypted_content: CODEX_REQUEST.input[4]!.encrypted_content });
    assert.deepEqual(input[7], { type: 'function_call', call_id: 'call_Xq7yMvd3K2bLh0zRjUeT5wNc', name: 'shell_command', arguments: '{"command":"npm test","workdir":"/work/app"}' });
    assert.deepEqual(input[8], { type: 'function_call_output', call_id: 'call_Xq7yMvd3K2bLh0zRjUeT5wNc', output: CODEX_REQUEST.input[7]!.output });
    assert.equal(body.store, false);
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
    assert.deepEqual((body.tools as JsonObject[]).map((tool) => [tool.type, tool.name, tool.strict]), [
      ['function', 'shell_command', false],
      ['function', 'update_plan', false],
    ]);
  });
});
