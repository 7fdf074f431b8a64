import assert from 'node:assert/strict';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';

const user = (content: unknown) => ({ role: 'user', content });

describe('formats/openai: refused chat requests name the field', () => {
  const msgs = [user('x')];
  const called = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] };
  const tools = [{ type: 'function', function: { name: 'f' } }];
  const cases: [string, unknown, string][] = [
    ['a body that is not an object', [1], ''],
    ['no messages', { model: 'auto' }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    ['a message that is not an object', { messages: ['hi'] }, 'messages[0]'],
    ['an unknown role', { messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    ['the deprecated function role', { messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0].role'],
    ['a role looked up on the prototype', { messages: [{ role: 'constructor', content: 'x' }] }, 'messages[0].role'],
    ['content of the wrong type', { messages: [user(42)] }, 'messages[0].content'],
    ['an unknown part type', { messages: [user([{ type: 'video', video: {} }])] }, 'messages[0].content[0].type'],
    ['a text part without text', { messages: [user([{ type: 'text' }])] }, 'messages[0].content[0].text'],
    ['an image part without image_url', { messages: [user([{ type: 'image_url' }])] }, 'messages[0].content[0].image_url'],
    ['an image URL of another scheme', { messages: [user([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }])] }, 'messages[0].content[0].image_url.url'],
    ['a data URL that is not base64', { messages: [user([{ type: 'image_url', image_url: { url: 'data:image/png,abc' } }])] }, 'messages[0].content[0].image_url.url'],
    ['a data URL that is not an image', { messages: [user([{ type: 'image_url', image_url: { url: 'data:text/plain;base64,aGk=' } }])] }, 'messages[0].content[0].image_url.url'],
    ['an unknown image detail', { messages: [user([{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'huge' } }])] }, 'messages[0].content[0].image_url.detail'],
    ['a file part with neither data nor id', { messages: [user([{ type: 'file', file: { filename: 'a.pdf' } }])] }, 'messages[0].content[0].file.file_id'],
    ['an image in a system message', { messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] }] }, 'messages[0].content[0].type'],
    ['a participant name that is not a string', { messages: [{ role: 'user', content: 'x', name: 7 }] }, 'messages[0].name'],
    ['a tool call without an id', { messages: [msgs[0], { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }] }, 'messages[1].tool_calls[0].id'],
    ['a tool call without a name', { messages: [msgs[0], { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }] }, 'messages[1].tool_calls[0].function.name'],
    ['tool call arguments as an object', { messages: [msgs[0], { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] }] }, 'messages[1].tool_calls[0].function.arguments'],
    ['a tool result for no earlier call', { messages: [msgs[0], called, { role: 'tool', tool_call_id: 'call_2', content: 'x' }] }, 'messages[2].tool_call_id'],
    ['a tool result without a call id', { messages: [msgs[0], called, { role: 'tool', content: 'x' }] }, 'messages[2].tool_call_id'],
    ['an image in a tool result', { messages: [msgs[0], called, { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'image_url', image_url: { url: 'https://x' } }] }] }, 'messages[2].content[0].type'],
    ['an empty model', { model: '', messages: msgs }, 'model'],
    ['stream as a string', { stream: 'yes', messages: msgs }, 'stream'],
    ['stream_options that are not an object', { stream_options: 1, messages: msgs }, 'stream_options'],
    ['include_usage as a string', { stream_options: { include_usage: 'yes' }, messages: msgs }, 'stream_options.include_usage'],
    ['a negative max_tokens', { max_tokens: -1, messages: msgs }, 'max_tokens'],
    ['a fractional max_completion_tokens', { max_completion_tokens: 1.5, messages: msgs }, 'max_completion_tokens'],
    ['temperature out of range', { temperature: 3, messages: msgs }, 'temperature'],
    ['top_p out of range', { top_p: 1.5, messages: msgs }, 'top_p'],
    ['a fractional top_k', { top_k: 2.5, messages: msgs }, 'top_k'],
    ['too many stops', { stop: ['a', 'b', 'c', 'd', 'e'], messages: msgs }, 'stop'],
    ['a stop that is not a string', { stop: [1], messages: msgs }, 'stop'],
    ['n of zero', { n: 0, messages: msgs }, 'n'],
    ['a fractional seed', { seed: 1.5, messages: msgs }, 'seed'],
    ['presence_penalty out of range', { presence_penalty: 3, messages: msgs }, 'presence_penalty'],
    ['frequency_penalty as a string', { frequency_penalty: '1', messages: msgs }, 'frequency_penalty'],
    ['a logit_bias key that is not a token id', { logit_bias: { abc: 1 }, messages: msgs }, 'logit_bias.abc'],
    ['a logit_bias out of range', { logit_bias: { '50256': 200 }, messages: msgs }, 'logit_bias.50256'],
    ['logprobs as a string', { logprobs: 'yes', messages: msgs }, 'logprobs'],
    ['top_logprobs without logprobs', { top_logprobs: 2, messages: msgs }, 'top_logprobs'],
    ['too many top_logprobs', { logprobs: true, top_logprobs: 21, messages: msgs }, 'top_logprobs'],
    ['a user that is not a string', { user: 5, messages: msgs }, 'user'],
    ['tools that are not an array', { tools: {}, messages: msgs }, 'tools'],
    ['a tool of an unknown type', { tools: [{ type: 'retrieval' }], messages: msgs }, 'tools[0].type'],
    ['a tool without its function', { tools: [{ type: 'function' }], messages: msgs }, 'tools[0].function'],
    ['a function without a name', { tools: [{ type: 'function', function: { parameters: {} } }], messages: msgs }, 'tools[0].function.name'],
    ['parameters that are not an object', { tools: [{ type: 'function', function: { name: 'f', parameters: 'x' } }], messages: msgs }, 'tools[0].function.parameters'],
    ['an unknown tool_choice', { tool_choice: 'sometimes', tools, messages: msgs }, 'tool_choice'],
    ['a tool_choice naming no tool', { tool_choice: { type: 'function', function: { name: 'g' } }, tools, messages: msgs }, 'tool_choice.function.name'],
    ['tool_choice required without tools', { tool_choice: 'required', messages: msgs }, 'tool_choice'],
    ['an allowed_tools mode that is not auto or required', { tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'none', tools: [] } }, tools, messages: msgs }, 'tool_choice.allowed_tools.mode'],
    ['parallel_tool_calls as a string', { parallel_tool_calls: 'yes', messages: msgs }, 'parallel_tool_calls'],
    ['a response_format that is not an object', { response_format: 'json', messages: msgs }, 'response_format'],
    ['a json_schema without a name', { response_format: { type: 'json_schema', json_schema: { schema: {} } }, messages: msgs }, 'response_format.json_schema.name'],
    ['a response_format type that is not a string', { response_format: { type: 5 }, messages: msgs }, 'response_format.type'],
    ['an unknown reasoning effort', { reasoning_effort: 'extreme', messages: msgs }, 'reasoning_effort'],
    ['an unknown reasoning summary', { reasoning: { summary: 'long' }, messages: msgs }, 'reasoning.summary'],
    ['x_tokenhub that is not an object', { x_tokenhub: 'no', messages: msgs }, 'x_tokenhub'],
  ];
  for (const [name, body, param] of cases) {
    it(`refuses ${name}, naming "${param || 'the body'}"`, () => {
      const result = decodeChatRequest(body);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.problem.param, param);
      assert.ok(result.problem.message.length > 20, result.problem.message);
      if (param !== '') assert.ok(result.problem.message.includes(param.split('[')[0]!.split('.')[0]!), result.problem.message);
    });
  }
});
