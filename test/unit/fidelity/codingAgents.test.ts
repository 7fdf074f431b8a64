// Issue #11 "Tests", WIRE.md "What coding agents send": the chat-completions requests of
// Continue CLI and Qwen Code (streamed with include_usage, 12–14 function tools whose write
// tools take filepath / file_path and content, no max_tokens or a large one) complete a tool
// turn through Tokenhub to a provider of either format, usage arriving once, last.
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { lastToolResults, toolNames } from '../../fixtures/fakeUpstream/inspect';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import type { FakeUsage } from '../../fixtures/fakeUpstream/types';
import { BOTH, TARGETS, bodyOf, startOne } from './helpers';

type Json = Record<string, unknown>;

function fn(name: string, properties: Record<string, Json>, required: string[] = Object.keys(properties)): ChatCompletionTool {
  return { type: 'function', function: { name, description: `The ${name.replace(/_/g, ' ')} tool.`, parameters: { type: 'object', properties, required } } };
}
const str = { type: 'string' };

/** Continue CLI's agent tools (14): its write tool takes `filepath` and `contents`. */
const CONTINUE_TOOLS = [
  fn('read_file', { filepath: str }),
  fn('create_new_file', { filepath: str, contents: str }),
  fn('run_terminal_command', { command: str, waitForCompletion: { type: 'boolean' } }, ['command']),
  fn('file_glob_search', { pattern: str }),
  fn('search_web', { query: str }),
  fn('view_diff', {}),
  fn('read_currently_open_file', {}),
  fn('ls', { dirPath: str, recursive: { type: 'boolean' } }, []),
  fn('create_rule_block', { name: str, rule: str, globs: str }, ['name', 'rule']),
  fn('fetch_url_content', { url: str }),
  fn('grep_search', { query: str }),
  fn('edit_existing_file', { filepath: str, changes: str }),
  fn('single_find_and_replace', { filepath: str, old_string: str, new_string: str, replace_all: { type: 'boolean' } }, ['filepath', 'old_string', 'new_string']),
  fn('view_repo_map', {}),
];

/** Qwen Code's tools (12): its write tool takes `file_path` and `content`. */
const QWEN_TOOLS = [
  fn('list_directory', { path: str, ignore: { type: 'array', items: str } }, ['path']),
  fn('read_file', { absolute_path: str, offset: { type: 'number' }, limit: { type: 'number' } }, ['absolute_path']),
  fn('search_file_content', { pattern: str, path: str, include: str }, ['pattern']),
  fn('glob', { pattern: str, path: str }, ['pattern']),
  fn('replace', { file_path: str, old_string: str, new_string: str, expected_replacements: { type: 'number' } }, ['file_path', 'old_string', 'new_string']),
  fn('write_file', { file_path: str, content: str }),
  fn('web_fetch', { url: str, prompt: str }),
  fn('read_many_files', { paths: { type: 'array', items: str } }),
  fn('run_shell_command', { command: str, description: str, directory: str }, ['command']),
  fn('save_memory', { fact: str }),
  fn('todo_write', { todos: { type: 'array', items: { type: 'object', properties: { id: str, content: str, status: str }, required: ['id', 'content', 'status'] } } }),
  fn('task', { description: str, prompt: str, subagent_type: str }),
];

interface Agent {
  name: string;
  tools: ChatCompletionTool[];
  write: { name: string; arguments: Json };
  params: Partial<ChatCompletionCreateParamsStreaming>;
  system: string;
}

const AGENTS: Agent[] = [
  {
    name: 'Continue CLI 1.5',
    tools: CONTINUE_TOOLS,
    write: { name: 'create_new_file', arguments: { filepath: 'src/hello.ts', contents: 'export const hello = "world";\n' } },
    params: {},
    system: 'You are an agent in the Continue CLI. Use tools to change files.',
  },
  {
    name: 'Qwen Code 0.24',
    tools: QWEN_TOOLS,
    write: { name: 'write_file', arguments: { file_path: '/work/src/hello.ts', content: 'export const hello = "world";\n' } },
    params: { max_tokens: 32000, temperature: 0, top_p: 1 },
    system: 'You are Qwen Code, an interactive CLI agent.',
  },
];

/** One streamed turn as these agents run it: chunks read, tool calls assembled by index. */
async function turn(client: OpenAI, agent: Agent, messages: ChatCompletionMessageParam[]) {
  const stream = await client.chat.completions.create({
    model: 'auto',
    messages,
    tools: agent.tools,
    stream: true,
    stream_options: { include_usage: true },
    ...agent.params,
  });
  const chunks: ChatCompletionChunk[] = [];
  const calls: { id: string; name: string; arguments: string }[] = [];
  let text = '';
  for await (const chunk of stream) {
    chunks.push(chunk);
    const delta = chunk.choices[0]?.delta;
    text += delta?.content ?? '';
    for (const fragment of delta?.tool_calls ?? []) {
      const call = (calls[fragment.index] ??= { id: '', name: '', arguments: '' });
      call.id ||= fragment.id ?? '';
      call.name ||= fragment.function?.name ?? '';
      call.arguments += fragment.function?.arguments ?? '';
    }
  }
  return { chunks, calls, text };
}

/** What each provider type reports, in its own fields. */
const REPORTED: Record<string, { usage: FakeUsage; expect: Json }> = {
  openai: {
    usage: { prompt: 3000, completion: 120, cacheRead: 2048, reasoning: 64 },
    expect: { prompt_tokens: 3000, completion_tokens: 120, cached_tokens: 2048, reasoning_tokens: 64 },
  },
  vllm: {
    usage: { prompt: 3000, completion: 120, cacheRead: 1024 },
    expect: { prompt_tokens: 3000, completion_tokens: 120, cached_tokens: 1024 },
  },
  anthropic: {
    usage: { prompt: 3000, completion: 120, cacheRead: 2000, cacheWrite: 500 },
    expect: { prompt_tokens: 3000, completion_tokens: 120, cached_tokens: 2000, cache_write_tokens: 500 },
  },
};

describe('fidelity: what coding agents send', () => {
for (const target of [...BOTH, TARGETS.vllm]) {
  for (const agent of AGENTS) {
    it(`${agent.name}'s streamed tool turn completes through the ${target.type} provider, usage once and last`, async () => {
      const api = await startOne(target);
      try {
        const reported = REPORTED[target.type]!;
        api.fake.setDefault(callThenAnswer({ calls: [agent.write], onCall: { usage: reported.usage, chunks: ['I will create the file.'] }, answer: () => 'Created src/hello.ts.' }));
        const messages: ChatCompletionMessageParam[] = [
          { role: 'system', content: agent.system },
          { role: 'user', content: 'Create src/hello.ts exporting hello = "world".' },
        ];
        const first = await turn(api.client, agent, messages);
        assert.equal(first.text, 'I will create the file.');
        assert.equal(first.calls.length, 1);
        assert.equal(first.calls[0]!.name, agent.write.name);
        assert.deepEqual(JSON.parse(first.calls[0]!.arguments), agent.write.arguments);
        assert.equal(first.chunks.filter((c) => c.choices[0]?.finish_reason).at(-1)?.choices[0]?.finish_reason, 'tool_calls');

        // Usage arrives once, in the last chunk, with the details the provider reported.
        const withUsage = first.chunks.filter((c) => c.usage);
        assert.equal(withUsage.length, 1);
        assert.equal(withUsage[0], first.chunks.at(-1));
        assert.deepEqual(withUsage[0]!.choices, []);
        const usage = withUsage[0]!.usage!;
        const { expect } = reported;
        assert.equal(usage.prompt_tokens, expect.prompt_tokens);
        assert.equal(usage.completion_tokens, expect.completion_tokens);
        assert.equal(usage.prompt_tokens_details?.cached_tokens, expect.cached_tokens);
        if (expect.reasoning_tokens !== undefined) assert.equal(usage.completion_tokens_details?.reasoning_tokens, expect.reasoning_tokens);
        if (expect.cache_write_tokens !== undefined) assert.equal((usage.prompt_tokens_details as Json | undefined)?.cache_write_tokens, expect.cache_write_tokens);

        // Every tool reached the provider, and the limit as the agent sent it (or the provider's default).
        const sent = bodyOf(api.fake.requests[0]!);
        assert.equal(toolNames(api.fake.requests[0]!).length, agent.tools.length);
        if (target.type === 'anthropic') assert.equal(sent.max_tokens, agent.params.max_tokens ?? 4096);
        else if (target.type === 'openai') assert.equal(sent.max_completion_tokens, agent.params.max_tokens);
        else assert.equal(sent.max_tokens, agent.params.max_tokens);

        const call = first.calls[0]!;
        const second = await turn(api.client, agent, [
          ...messages,
          { role: 'assistant', content: first.text, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] },
          { role: 'tool', tool_call_id: call.id, content: 'File created.' },
        ]);
        assert.equal(second.text, 'Created src/hello.ts.');
        assert.deepEqual(lastToolResults(api.fake.last).map((result) => [result.callId, result.text]), [[call.id, 'File created.']]);
        assert.equal(second.chunks.filter((c) => c.usage).length, 1);
      } finally {
        await api.close();
      }
    });
  }
}
});
