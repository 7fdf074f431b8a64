/**
 * Payloads as OpenAI's API reference and guides show them, and as vLLM sends them (its docs'
 * examples and its protocol's field names), kept verbatim in shape: field order, nulls and the
 * fragments' boundaries are the providers' own.
 */

/** The reference's function-calling answer. */
export const TOOL_CALL_RESPONSE = {
  id: 'chatcmpl-abc123',
  object: 'chat.completion',
  created: 1699896916,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' } }],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 82,
    completion_tokens: 17,
    total_tokens: 99,
    completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
};

/** The function-calling guide's parallel calls, with cached prompt tokens reported. */
export const PARALLEL_CALLS_RESPONSE = {
  id: 'chatcmpl-BhTJqHd8yV1OvTI3ZCRQ0k0RRZx7f',
  object: 'chat.completion',
  created: 1749743850,
  model: 'gpt-4.1-2025-04-14',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_12345xyz', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' } },
          { id: 'call_67890abc', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Bogotá, Colombia"}' } },
          { id: 'call_99999def', type: 'function', function: { name: 'send_email', arguments: '{"to":"bob@email.com","body":"Hi bob"}' } },
        ],
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 64,
    total_tokens: 1264,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_b3f1157249',
};

/** The reference's image input request. */
export const IMAGE_REQUEST = {
  model: 'gpt-4.1',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: "What's in this image?" },
        {
          type: 'image_url',
          image_url: { url: 'https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg' },
        },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==', detail: 'low' } },
      ],
    },
  ],
  max_tokens: 300,
};

/** The structured-outputs guide's json_schema request. */
export const JSON_SCHEMA_REQUEST = {
  model: 'gpt-4o-2024-08-06',
  messages: [
    { role: 'system', content: 'You are a helpful math tutor. Guide the user through the solution step by step.' },
    { role: 'user', content: 'how can I solve 8x + 7 = -23' },
  ],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'math_reasoning',
      schema: {
        type: 'object',
        properties: {
          steps: {
            type: 'array',
            items: {
              type: 'object',
              properties: { explanation: { type: 'string' }, output: { type: 'string' } },
              required: ['explanation', 'output'],
              additionalProperties: false,
            },
          },
          final_answer: { type: 'string' },
        },
        required: ['steps', 'final_answer'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
};

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get current temperature for provided coordinates in celsius.',
    parameters: {
      type: 'object',
      properties: { latitude: { type: 'number' }, longitude: { type: 'number' } },
      required: ['latitude', 'longitude'],
      additionalProperties: false,
    },
    strict: true,
  },
};

/** The function-calling guide's second turn: the call and its result sent back. */
export const TOOL_TURN_REQUEST = {
  model: 'gpt-4.1',
  messages: [
    { role: 'developer', content: 'You are a weather bot.' },
    { role: 'user', content: "What's the weather like in Paris today?" },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_12345xyz', type: 'function', function: { name: 'get_weather', arguments: '{"latitude":48.8566,"longitude":2.3522}' } }],
      refusal: null,
    },
    { role: 'tool', tool_call_id: 'call_12345xyz', content: '14' },
  ],
  tools: [WEATHER_TOOL],
  tool_choice: 'auto',
  parallel_tool_calls: true,
};

const HEAD = '"id":"chatcmpl-xyz","object":"chat.completion.chunk","created":1730391658,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1"';
const chunk = (choice: string, usage = 'null') => `{${HEAD},"choices":[${choice}],"usage":${usage}}`;
const fragment = (args: string) => chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(args)}}}]},"logprobs":null,"finish_reason":null}`);

/** A streamed call with `include_usage`, chunk by chunk as OpenAI sends it (the `data:` payloads, `[DONE]` last). */
export const TOOL_CALL_STREAM = [
  chunk(
    '{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_xZtWnTjjc0jhgtsMMpq6kC0w","type":"function","function":{"name":"get_current_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}',
  ),
  fragment('{"'),
  fragment('location'),
  fragment('":"'),
  fragment('Boston'),
  fragment(','),
  fragment(' MA'),
  fragment('"}'),
  chunk('{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}'),
  `{${HEAD},"choices":[],"usage":{"prompt_tokens":80,"completion_tokens":18,"total_tokens":98,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}`,
  '[DONE]',
];

const VLLM_HEAD = '"id":"chatcmpl-7f1c0b9e5a2d4c6e8b3a1f0d9c8e7b6a","object":"chat.completion.chunk","created":1760000000,"model":"Qwen/Qwen3-8B"';
const vllm = (delta: string, finish = 'null') => `{${VLLM_HEAD},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}`;

/** A vLLM reasoning stream (`--reasoning-parser qwen3`): the role chunk, reasoning, the answer, usage with `choices: null`. */
export const VLLM_REASONING_STREAM = [
  vllm('{"role":"assistant","content":""}'),
  vllm('{"reasoning_content":"9.11 and 9.8:"}'),
  vllm('{"reasoning_content":" compare the tenths."}'),
  vllm('{"content":"9.8"}'),
  vllm('{"content":" is greater."}'),
  vllm('{"content":""}', '"stop"'),
  `{${VLLM_HEAD},"choices":null,"usage":{"prompt_tokens":21,"total_tokens":77,"completion_tokens":56,"prompt_tokens_details":null}}`,
  '[DONE]',
];

/** Newer vLLM (0.11 and later) names the field `reasoning`; its tool calls come without arguments in the first fragment. */
export const VLLM_TOOL_STREAM = [
  vllm('{"role":"assistant","content":""}'),
  vllm('{"reasoning":"The user wants the weather."}'),
  vllm('{"tool_calls":[{"id":"chatcmpl-tool-4c1f2e","type":"function","index":0,"function":{"name":"get_weather"}}]}'),
  vllm('{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\": \\""}}]}'),
  vllm('{"tool_calls":[{"index":0,"function":{"arguments":"Paris\\"}"}}]}'),
  vllm('{"content":""}', '"tool_calls"'),
  '[DONE]',
];
