/**
 * Payloads as Anthropic's reference prints them (Messages API, streaming, tool use, extended
 * thinking, vision and prompt-caching guides): ids, signatures and texts as printed there, long
 * base64 strings cut short. The Claude Code request follows WIRE.md "What coding agents send".
 */

/** A tool-use answer (tool use guide), with the usage every answer carries. */
export const TOOL_USE_ANSWER = {
  id: 'msg_01Aq9w938a90dw8q',
  type: 'message',
  role: 'assistant',
  model: 'claude-opus-4-6',
  content: [
    { type: 'text', text: "I'll check the current weather in San Francisco for you." },
    { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'celsius' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 384, output_tokens: 92, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};

/** Parallel tool use (tool use guide): two calls in one answer. */
export const PARALLEL_TOOL_USE_ANSWER = {
  id: 'msg_01ParallelToolUse',
  type: 'message',
  role: 'assistant',
  model: 'claude-opus-4-6',
  content: [
    { type: 'text', text: "I'll check the weather and time for you." },
    { type: 'tool_use', id: 'toolu_01WeatherSF', name: 'get_weather', input: { location: 'San Francisco, CA' } },
    { type: 'tool_use', id: 'toolu_02TimeSF', name: 'get_time', input: { timezone: 'America/Los_Angeles' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 512, output_tokens: 120 },
};

/** Thinking with its signature, then redacted thinking, then the text (extended thinking guide). */
export const THINKING_ANSWER = {
  id: 'msg_01ThinkingRedacted',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', thinking: 'Let me analyze this step by step...', signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL....' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8/dW5hR7xJ0aP1oLs9yTcMnKVf2wRpEGjH9XZaBt4UvDcPrQ...' },
    { type: 'text', text: 'Based on my analysis...' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 95, output_tokens: 1024 },
};

/** Prompt caching: the first request writes the cache, the next reads it (prompt caching guide). */
export const CACHE_WRITE_USAGE = { input_tokens: 21, cache_creation_input_tokens: 188086, cache_read_input_tokens: 0, output_tokens: 393 };
export const CACHE_READ_USAGE = { input_tokens: 50, cache_creation_input_tokens: 248, cache_read_input_tokens: 100000, output_tokens: 503 };

/** The streamed tool use of Anthropic's streaming guide, event by event. */
export const STREAMED_TOOL_USE = `event: message_start
data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-opus-4-6","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":","}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" let"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'s"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" check"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" weather"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" for"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" San"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" Francisco"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":","}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" CA"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":":"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" Francisc"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"o,"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" CA\\""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":", "}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"unit\\": \\"fah"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"renheit\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

`;

/** The streamed extended thinking of Anthropic's streaming guide. */
export const STREAMED_THINKING = `event: message_start
data: {"type": "message_start", "message": {"id": "msg_01QdHvbbVzsR9B7C4nEoWj7X", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-6", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 45, "output_tokens": 1}}}

event: content_block_start
data: {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\\n\\n1071 = 2 × 462 + 147"}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "\\n462 = 3 × 147 + 21\\n147 = 7 × 21 + 0\\n\\nSo GCD(1071, 462) = 21"}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}

event: content_block_stop
data: {"type": "content_block_stop", "index": 0}

event: content_block_start
data: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "The greatest common divisor of 1071 and 462 is **21**."}}

event: content_block_stop
data: {"type": "content_block_stop", "index": 1}

event: message_delta
data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 312}}

event: message_stop
data: {"type": "message_stop"}

`;

/** An image request of Anthropic's vision guide: base64 and URL sources. */
export const IMAGE_REQUEST = {
  model: 'claude-opus-4-6',
  max_tokens: 1024,
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Image 1:' },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRgABAQEASABIAAD' } },
        { type: 'text', text: 'Image 2:' },
        { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } },
        { type: 'text', text: 'How are these images different?' },
      ],
    },
  ],
};

const claudeCodeTool = (name: string, properties: Record<string, unknown>, required: string[]) => ({
  name,
  description: `The ${name} tool.`,
  input_schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties, required, additionalProperties: false },
});

/** What Claude Code 2.1 sends (WIRE.md): streamed, adaptive thinking shown as omitted, context edits, a system message inside `messages`. */
export const CLAUDE_CODE_REQUEST = {
  model: 'claude-sonnet-4-6',
  messages: [
    { role: 'user', content: [{ type: 'text', text: '<system-reminder>As you answer the user\'s questions, you can use the following context…</system-reminder>' }, { type: 'text', text: 'What does src/main.ts do?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: '', signature: 'EuYBCkQIBxgCKkBq3zF9…signed' },
        { type: 'text', text: "I'll read the file." },
        { type: 'tool_use', id: 'toolu_01Read', name: 'Read', input: { file_path: '/repo/src/main.ts' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Read', content: 'export function main() {}', cache_control: { type: 'ephemeral' } }] },
    { role: 'system', content: 'The user changed src/main.ts since it was read.' },
  ],
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.92; cc_entrypoint=cli;' },
    { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral', ttl: '1h' } },
    { type: 'text', text: 'You are an interactive agent that helps users with software engineering tasks.', cache_control: { type: 'ephemeral', ttl: '1h' } },
  ],
  tools: [
    claudeCodeTool('Bash', { command: { type: 'string' }, timeout: { type: 'number' } }, ['command']),
    claudeCodeTool('Glob', { pattern: { type: 'string' } }, ['pattern']),
    claudeCodeTool('Grep', { pattern: { type: 'string' } }, ['pattern']),
    claudeCodeTool('Read', { file_path: { type: 'string' } }, ['file_path']),
    claudeCodeTool('Edit', { file_path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' } }, ['file_path', 'old_string', 'new_string']),
    claudeCodeTool('Write', { file_path: { type: 'string' }, content: { type: 'string' } }, ['file_path', 'content']),
    claudeCodeTool('WebFetch', { url: { type: 'string' }, prompt: { type: 'string' } }, ['url', 'prompt']),
    claudeCodeTool('TodoWrite', { todos: { type: 'array' } }, ['todos']),
    claudeCodeTool('Task', { description: { type: 'string' }, prompt: { type: 'string' } }, ['description', 'prompt']),
    claudeCodeTool('NotebookEdit', { notebook_path: { type: 'string' } }, ['notebook_path']),
    claudeCodeTool('AskUserQuestion', { questions: { type: 'array' } }, ['questions']),
    { name: 'ExitPlanMode', description: 'Leave plan mode.', input_schema: { type: 'object', properties: {} }, defer_loading: true },
  ],
  metadata: { user_id: 'user_5f2c…_account_9a1b…_session_3c4d…' },
  max_tokens: 32000,
  thinking: { type: 'adaptive', display: 'omitted' },
  output_config: { effort: 'high' },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  stream: true,
};

/** Claude Code's headers on that request (beta list abridged). */
export const CLAUDE_CODE_HEADERS = {
  'x-api-key': 'local-token',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,effort-2025-11-24',
  'user-agent': 'claude-cli/2.1.92 (external, cli)',
};
