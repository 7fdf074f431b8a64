/**
 * Responses payloads as OpenAI sends them: recorded answers and streams (coder/aibridge's
 * fixtures, recorded against api.openai.com; encrypted reasoning shortened), the function-call
 * shapes of OpenAI's function-calling guide, and Codex CLI's request (recorded from Codex with
 * what WIRE.md lists for 0.169 added: developer messages, a namespace tool, web search,
 * client_metadata, phase, a tool round trip).
 */

const echo = {
  parallel_tool_calls: true,
  previous_response_id: null,
  prompt_cache_retention: null,
  reasoning: { effort: null, summary: null },
  safety_identifier: null,
  service_tier: 'default',
  store: true,
  temperature: 1.0,
  text: { format: { type: 'text' }, verbosity: 'medium' },
  tool_choice: 'auto',
  top_logprobs: 0,
  top_p: 1.0,
  truncation: 'disabled',
  user: null,
  metadata: {},
};

/** A plain text answer with cached prompt tokens (gpt-4.1, recorded). */
export const TEXT_RESPONSE = {
  id: 'resp_0cd5d6b8310055d600696a1776b42c81a199fbb02248a8bfa0',
  object: 'response',
  created_at: 1768560502,
  status: 'completed',
  background: false,
  billing: { payer: 'developer' },
  completed_at: 1768560504,
  error: null,
  frequency_penalty: 0.0,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  max_tool_calls: null,
  model: 'gpt-4.1-2025-04-14',
  output: [
    {
      id: 'msg_0cd5d6b8310055d600696a177708b881a1bb53034def764104',
      type: 'message',
      status: 'completed',
      content: [
        {
          type: 'output_text',
          annotations: [],
          logprobs: [],
          text: '- I provide clear, accurate, and concise answers tailored to your requests.\n- I can process and summarize large volumes of information quickly.',
        },
      ],
      role: 'assistant',
    },
  ],
  presence_penalty: 0.0,
  prompt_cache_key: 'key-123',
  ...echo,
  tools: [],
  usage: { input_tokens: 12033, input_tokens_details: { cached_tokens: 11904 }, output_tokens: 44, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 12077 },
};

const weatherTool = {
  type: 'function',
  description: 'Get current temperature for a given location.',
  name: 'get_weather',
  parameters: { type: 'object', properties: { location: { type: 'string', description: 'City and country e.g. Bogotá, Colombia' } }, required: ['location'], additionalProperties: false },
  strict: true,
};

/** A function call answer (the function-calling guide's get_weather). */
export const FUNCTION_CALL_RESPONSE = {
  id: 'resp_67ca09c5efe0819096d0511c92b8c890096610f474011cc0',
  object: 'response',
  created_at: 1741294021,
  status: 'completed',
  background: false,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  max_tool_calls: null,
  model: 'gpt-4.1-2025-04-14',
  output: [
    {
      id: 'fc_67ca09c6bedc8190a7abfec07b1a1332096610f474011cc0',
      type: 'function_call',
      status: 'completed',
      arguments: '{"location":"Paris, France"}',
      call_id: 'call_unLAR8MvFNptuiZK6K6HCy5k',
      name: 'get_weather',
    },
  ],
  prompt_cache_key: null,
  ...echo,
  tools: [weatherTool],
  usage: { input_tokens: 291, input_tokens_details: { cached_tokens: 0 }, output_tokens: 23, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 314 },
};

/** A reasoning model's answer with encrypted reasoning (gpt-5-codex, recorded, store: false). */
export const REASONING_RESPONSE = {
  id: 'resp_0e172b76542a9100016964f7e63d888191a2a28cb2ba0ab6d3',
  object: 'response',
  created_at: 1768224742,
  status: 'completed',
  background: false,
  completed_at: 1768224744,
  error: null,
  incomplete_details: null,
  instructions: 'You are Codex, based on GPT-5.',
  max_output_tokens: null,
  max_tool_calls: null,
  model: 'gpt-5-codex',
  output: [
    {
      id: 'rs_0e172b76542a9100016964f7e6c200819190235d871bc889a0',
      type: 'reasoning',
      encrypted_content: 'gAAAAABpZPfn161F97aGv4oaf6SpDN7dwSgJrfoIPfX7fUE-j-KRRfqCQOHPhmnwHxgS5GEHwTs81RQr9SsZv9cKn1neM1fWnO7NXUgEpe6P_6pgvJJaV9IeFcfoGiWsvXmoMhBStBZHixFMCZSS5F5QCFXHj9jzwegh6Cma93uTgN-_rMmON9Gv793WBxKlGIoZ3wBlcx5IN5YdX54jaDoKvMEA==',
      summary: [{ type: 'summary_text', text: '**Preparing simple response**' }],
    },
    {
      id: 'msg_0e172b76542a9100016964f7e72ac4819194f4af4dffe5b676',
      type: 'message',
      status: 'completed',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello! Ready when you are.' }],
      role: 'assistant',
    },
  ],
  prompt_cache_key: '019bb208-80ac-74e3-880f-d18ae887f7da',
  ...echo,
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'detailed' },
  store: false,
  tools: [],
  usage: { input_tokens: 4510, input_tokens_details: { cached_tokens: 4352 }, output_tokens: 29, output_tokens_details: { reasoning_tokens: 14 }, total_tokens: 4539 },
};

const SIMPLE_ID = 'resp_0f9c4b2f224d858000695fa062bf048197a680f357bbb09000';
const SIMPLE_MSG = 'msg_0f9c4b2f224d858000695fa063d4708197af73c2f37cb0b9d3';
const inProgress = (id: string, model: string) => ({
  id,
  object: 'response',
  created_at: 1767874658,
  status: 'in_progress',
  background: false,
  completed_at: null,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  max_tool_calls: null,
  model,
  output: [],
  prompt_cache_key: null,
  ...echo,
  service_tier: 'auto',
  tools: [],
  usage: null,
});

/** A streamed text answer (gpt-4o-mini, recorded; deltas carry `obfuscation` padding). */
export const TEXT_STREAM = [
  { type: 'response.created', response: inProgress(SIMPLE_ID, 'gpt-4o-mini-2024-07-18'), sequence_number: 0 },
  { type: 'response.in_progress', response: inProgress(SIMPLE_ID, 'gpt-4o-mini-2024-07-18'), sequence_number: 1 },
  { type: 'response.output_item.added', item: { id: SIMPLE_MSG, type: 'message', status: 'in_progress', content: [], role: 'assistant' }, output_index: 0, sequence_number: 2 },
  { type: 'response.content_part.added', content_index: 0, item_id: SIMPLE_MSG, output_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' }, sequence_number: 3 },
  ...['Why', ' did', ' the', ' scare', 'crow', ' win', ' an', ' award', '?'].map((delta, n) => ({
    type: 'response.output_text.delta',
    content_index: 0,
    delta,
    item_id: SIMPLE_MSG,
    logprobs: [],
    obfuscation: 'N16SG5UiLncOU'.slice(delta.length),
    output_index: 0,
    sequence_number: 4 + n,
  })),
  { type: 'response.output_text.done', content_index: 0, item_id: SIMPLE_MSG, logprobs: [], output_index: 0, sequence_number: 13, text: 'Why did the scarecrow win an award?' },
  {
    type: 'response.content_part.done',
    content_index: 0,
    item_id: SIMPLE_MSG,
    output_index: 0,
    part: { type: 'output_text', annotations: [], logprobs: [], text: 'Why did the scarecrow win an award?' },
    sequence_number: 14,
  },
  {
    type: 'response.output_item.done',
    item: { id: SIMPLE_MSG, type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Why did the scarecrow win an award?' }], role: 'assistant' },
    output_index: 0,
    sequence_number: 15,
  },
  {
    type: 'response.completed',
    response: {
      ...inProgress(SIMPLE_ID, 'gpt-4o-mini-2024-07-18'),
      status: 'completed',
      completed_at: 1767874660,
      service_tier: 'default',
      output: [{ id: SIMPLE_MSG, type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Why did the scarecrow win an award?' }], role: 'assistant' }],
      usage: { input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 18, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 29 },
    },
    sequence_number: 16,
  },
];

const CALL_RESP = 'resp_67ca09c5efe0819096d0511c92b8c890096610f474011cc0';
const CALL_ITEM = 'fc_67ca09c6bedc8190a7abfec07b1a1332096610f474011cc0';
const CALL_ID = 'call_unLAR8MvFNptuiZK6K6HCy5k';
const ARGUMENT_DELTAS = ['{"', 'location', '":"', 'Paris', ',', ' France', '"}'];

/** A streamed function call: every event OpenAI sends for it, in order. */
export const FUNCTION_CALL_STREAM = [
  { type: 'response.created', response: { ...inProgress(CALL_RESP, 'gpt-4.1-2025-04-14'), tools: [weatherTool] }, sequence_number: 0 },
  { type: 'response.in_progress', response: { ...inProgress(CALL_RESP, 'gpt-4.1-2025-04-14'), tools: [weatherTool] }, sequence_number: 1 },
  {
    type: 'response.output_item.added',
    item: { id: CALL_ITEM, type: 'function_call', status: 'in_progress', arguments: '', call_id: CALL_ID, name: 'get_weather' },
    output_index: 0,
    sequence_number: 2,
  },
  ...ARGUMENT_DELTAS.map((delta, n) => ({ type: 'response.function_call_arguments.delta', delta, item_id: CALL_ITEM, obfuscation: 'x9Qp', output_index: 0, sequence_number: 3 + n })),
  { type: 'response.function_call_arguments.done', arguments: '{"location":"Paris, France"}', item_id: CALL_ITEM, output_index: 0, sequence_number: 10 },
  { type: 'response.output_item.done', item: FUNCTION_CALL_RESPONSE.output[0], output_index: 0, sequence_number: 11 },
  {
    type: 'response.completed',
    response: { ...FUNCTION_CALL_RESPONSE, completed_at: 1741294022, service_tier: 'default' },
    sequence_number: 12,
  },
];

const shellTool = {
  type: 'function',
  name: 'shell_command',
  description: 'Runs a shell command and returns its output.\n- Always set the `workdir` param when using the shell_command function.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { command: { type: 'string', description: "The shell script to execute in the user's default shell" }, workdir: { type: 'string' }, timeout_ms: { type: 'number' } },
    required: ['command'],
    additionalProperties: false,
  },
};
const planTool = {
  type: 'function',
  name: 'update_plan',
  description: 'Updates the task plan.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { explanation: { type: 'string' }, plan: { type: 'array', items: { type: 'object', properties: { status: { type: 'string' }, step: { type: 'string' } }, required: ['step', 'status'], additionalProperties: false } } },
    required: ['plan'],
    additionalProperties: false,
  },
};

/** Codex CLI's request on its second turn (streamed, stateless, with encrypted reasoning). */
export const CODEX_REQUEST = {
  model: 'gpt-5.5-codex',
  instructions: 'You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user\'s computer.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>\nFilesystem sandboxing: workspace-write.\n</permissions instructions>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '# AGENTS.md instructions for /work/app\n\n<INSTRUCTIONS>\nRun npm test before committing.\n</INSTRUCTIONS>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/work/app</cwd>\n  <shell>bash</shell>\n</environment_context>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Why does the test fail?' }] },
    {
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: '**Running the tests first**' }],
      content: null,
      encrypted_content: 'gAAAAABpZN9epJCKSvaN79ndV0tQiiSZ-vR3DbtdcYV2ISVmfvWOcTkA4l8xTAv_Oatb-7pfILV6Q1EeqC4leEPj6P3Oos1QsKIJicEAtb7B7XR3wTXi9Afksw2LLVz6u38Zhfgr7chx8vp==',
    },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I will run the test suite.' }], phase: 'commentary' },
    { type: 'function_call', name: 'shell_command', arguments: '{"command":"npm test","workdir":"/work/app"}', call_id: 'call_Xq7yMvd3K2bLh0zRjUeT5wNc' },
    { type: 'function_call_output', call_id: 'call_Xq7yMvd3K2bLh0zRjUeT5wNc', output: 'Exit code: 1\nWall time: 2.1 seconds\nOutput:\nFAIL test/sum.test.js\n  expected 3, got 4' },
  ],
  tools: [
    shellTool,
    planTool,
    {
      type: 'namespace',
      name: 'collaboration',
      description: 'Tools to work with other agents.',
      tools: [{ type: 'function', name: 'spawn_agent', description: 'Spawns an agent.', parameters: { type: 'object', properties: { message: { type: 'string' } } } }],
    },
    { type: 'web_search', external_web_access: false },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '019bb208-80ac-74e3-880f-d18ae887f7da',
  text: { verbosity: 'low' },
  client_metadata: { 'x-codex-installation-id': '5f0c1e0a-4d5e-4a8f-9d0e-1b2c3d4e5f60', session_id: '019bb208-80ac-74e3-880f-d18ae887f7da' },
};
