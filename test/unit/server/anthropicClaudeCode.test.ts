// Claude Code's own request (WIRE.md "What coding agents send") through Tokenhub to each kind of
// provider, its Claude model names resolved by `model_aliases`, and what only an Anthropic
// provider keeps: signed thinking round-tripped, `anthropic-beta` and `anthropic-version` forwarded.
import assert from 'node:assert/strict';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import { CLAUDE_CODE_HEADERS, CLAUDE_CODE_REQUEST } from '../formats/anthropic/recorded';
import { raw, type ApiHarness } from './apiHarness';
import { FILE_TOOLS, anthropicClient, sseEvents, startAnthropicApi } from './anthropicHarness';

type Json = Record<string, unknown>;

/** Claude Code's beta list, with the beta that lets a `system` message stand inside `messages`. */
const BETAS = `${CLAUDE_CODE_HEADERS['anthropic-beta']},mid-conversation-system-2026-04-01`;
const SIGNATURE = CLAUDE_CODE_REQUEST.messages[1]!.content[0] as { signature: string };
const ALIASES = { 'claude-*': 'auto' };

/** Claude Code's request as it sends it: `?beta=true`, `x-api-key`, its headers, always streamed. */
function claudeCode(api: ApiHarness, body: Json = CLAUDE_CODE_REQUEST) {
  const headers = { ...CLAUDE_CODE_HEADERS, 'anthropic-beta': BETAS, 'x-api-key': api.token };
  return raw(api, { path: '/v1/messages?beta=true', auth: false, headers, body: JSON.stringify(body) });
}

describe('server: Claude Code through Tokenhub', () => {
  let api: ApiHarness;
  afterEach(() => api.close());

  it('to an Anthropic provider: its body, betas and version pass through, the upstream events come back as they were', async () => {
    api = await startAnthropicApi({ only: 'anthropic', modelAliases: ALIASES });
    const up = api.up.ant!;
    up.signatures.record(SIGNATURE.signature, ''); // the replayed thinking block is the fake's own
    up.reply({ reasoning: { text: 'The file changed; read it again.' }, toolCalls: [{ id: 'toolu_01Again', name: 'Read', arguments: { file_path: '/repo/src/main.ts' } }] });
    const answer = await claudeCode(api);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.headers['x-tokenhub-model'], 'claude');
    assert.equal(answer.headers['x-tokenhub-dropped'], undefined);
    const sent = up.last;
    assert.deepEqual(sent.body, { ...CLAUDE_CODE_REQUEST, model: 'claude-sonnet-4-5' }, 'every field as Claude Code sent it; only the model is the provider\'s');
    assert.equal(sent.headers['anthropic-beta'], BETAS);
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-upstream', 'the provider gets its own key, never the local token');

    const events = sseEvents(answer.body);
    assert.deepEqual(events.map((e) => e.event).filter((name) => name !== 'ping' && name !== 'content_block_delta'), [
      'message_start', 'content_block_start', 'content_block_stop', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    assert.ok(events.some((e) => e.event === 'ping'), "the upstream's pings are forwarded");
    const start = events[0]!.data.message as Json;
    assert.equal(start.model, 'claude', 'message_start names the registry id');
    assert.match(String(start.id), /^msg_01fake/, "the upstream's own id");
    // display: "omitted": the thinking block comes empty, with its signature, as Anthropic sends it.
    const signature = events.find((e) => (e.data.delta as Json | undefined)?.type === 'signature_delta')!.data.delta as { signature: string };
    assert.ok(up.signatures.verifies(signature.signature, ''));
    assert.equal((events.find((e) => e.event === 'message_delta')!.data.delta as Json).stop_reason, 'tool_use');
  });

  it('to an OpenAI provider: translated, what has no translation named in x-tokenhub-dropped, a valid Anthropic stream back', async () => {
    api = await startAnthropicApi({ only: 'openai', modelAliases: ALIASES });
    const up = api.up.oai!;
    up.reply({ reasoning: { text: 'Re-read it.' }, text: 'Reading it again.', toolCalls: [{ id: 'call_again', name: 'Read', arguments: { file_path: '/repo/src/main.ts' } }], usage: { prompt: 3100, completion: 40 } });
    const answer = await claudeCode(api);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.headers['x-tokenhub-model'], 'gpt');
    const dropped = String(answer.headers['x-tokenhub-dropped']).split(', ').sort();
    assert.deepEqual(dropped, ['context_management', 'defer_loading', 'thinking.display']);

    const sent = up.last.body as Json & { messages: Json[]; tools: unknown[] };
    assert.equal(sent.model, 'gpt-5-mini');
    assert.deepEqual(sent.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'system']);
    assert.equal(sent.tools.length, CLAUDE_CODE_REQUEST.tools.length, 'the deferred tool is offered at once');
    assert.equal(sent.reasoning_effort, 'high', 'output_config.effort');
    assert.equal(sent.max_completion_tokens, 32000);
    assert.equal(sent.user, CLAUDE_CODE_REQUEST.metadata.user_id);
    for (const field of ['context_management', 'thinking', 'output_config', 'metadata']) assert.ok(!(field in sent), field);

    const events = sseEvents(answer.body);
    const start = events[0]!;
    assert.equal(start.event, 'message_start');
    const usage = (start.data.message as { usage: { input_tokens: number } }).usage;
    assert.ok(usage.input_tokens > 100, `message_start states the estimated prompt (${usage.input_tokens}), never zero`);
    // Unsigned reasoning from another vendor is left out: Claude Code would send it back to Anthropic.
    assert.deepEqual(events.filter((e) => e.event === 'content_block_start').map((e) => (e.data.content_block as Json).type), ['text', 'tool_use']);
    const json = events.filter((e) => (e.data.delta as Json | undefined)?.type === 'input_json_delta').map((e) => (e.data.delta as { partial_json: string }).partial_json);
    assert.deepEqual(JSON.parse(json.join('')), { file_path: '/repo/src/main.ts' });
    const end = events.find((e) => e.event === 'message_delta')!.data;
    assert.equal((end.delta as Json).stop_reason, 'tool_use');
    assert.equal((end.usage as Json).input_tokens, 3100, "the provider's count, once it has given it");
    assert.equal(events.at(-1)!.event, 'message_stop');
  });

  it("resolves Claude Code's main and small fast model names to the router through model_aliases", async () => {
    api = await startAnthropicApi({ modelAliases: ALIASES });
    const client = anthropicClient(api);
    for (const model of ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001']) {
      const { data, response } = await client.messages.create({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Title this chat.' }] }).withResponse();
      assert.equal(response.headers.get('x-tokenhub-model'), 'claude', model);
      assert.equal(data.model, 'claude');
    }
    // The router, not a fixed model: a failing first choice escalates to the other provider.
    api.up.ant!.fail('overloaded');
    const { response } = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    assert.equal(response.headers.get('x-tokenhub-model'), 'gpt');
    assert.equal(response.headers.get('x-tokenhub-escalations'), 'claude:overloaded');
    // Without the alias, a Claude name the registry lacks is unknown.
    const plain = await startAnthropicApi();
    try {
      await assert.rejects(anthropicClient(plain).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }), { status: 404 });
    } finally {
      await plain.close();
    }
  });

  it('round-trips signed thinking through a tool loop on an Anthropic provider, streamed and whole', async () => {
    api = await startAnthropicApi({ only: 'anthropic' });
    const up = api.up.ant!;
    up.setDefault(callThenAnswer({ calls: [{ id: 'toolu_01A', name: 'read_file', arguments: { path: '/a.ts' } }], onCall: { reasoning: { text: 'I should read the file first.' } } }));
    const client = anthropicClient(api);
    const params = { model: 'claude', max_tokens: 4000, thinking: { type: 'enabled' as const, budget_tokens: 2000 }, tools: FILE_TOOLS };
    const first = await client.messages.stream({ ...params, messages: [{ role: 'user', content: 'What is in a.ts?' }] }).finalMessage();
    assert.deepEqual(first.content.map((block) => block.type), ['thinking', 'tool_use']);
    const thinking = first.content[0] as { thinking: string; signature: string };
    assert.equal(thinking.thinking, 'I should read the file first.');
    assert.ok(up.signatures.verifies(thinking.signature, thinking.thinking), 'the signature arrived whole');
    // The fake refuses a thinking block it did not sign for exactly that text.
    const second = await client.messages.create({
      ...params,
      messages: [
        { role: 'user', content: 'What is in a.ts?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'export const a = 1;' }] },
      ],
    });
    assert.equal((second.content.at(-1) as { text: string }).text, 'The tool said: export const a = 1;.');
    assert.deepEqual(((up.last.body as { messages: Json[] }).messages[1]!.content as Json[])[0], { type: 'thinking', thinking: thinking.thinking, signature: thinking.signature });

    up.reply({ reasoning: { redacted: true }, text: 'Done.' });
    const redacted = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'Again.' }] });
    assert.equal(redacted.content[0]!.type, 'redacted_thinking');
    assert.ok(up.signatures.knowsRedacted((redacted.content[0] as { data: string }).data));
  });

  it("forwards the SDK's own anthropic-version and anthropic-beta to an Anthropic provider, and sets a version when the client sent none", async () => {
    api = await startAnthropicApi({ only: 'anthropic' });
    const client = anthropicClient(api, { defaultHeaders: { 'anthropic-beta': 'context-1m-2025-08-07,fine-grained-tool-streaming-2025-05-14' } });
    await client.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
    const headers = api.up.ant!.last.headers;
    assert.equal(headers['anthropic-beta'], 'context-1m-2025-08-07,fine-grained-tool-streaming-2025-05-14');
    assert.match(String(headers['anthropic-version']), /^\d{4}-\d{2}-\d{2}$/);
    assert.notEqual(headers['anthropic-version'], '2023-06-01', "the SDK's newer version, as it sent it");
    const bare = await raw(api, { path: '/v1/messages', body: JSON.stringify({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }) });
    assert.equal(bare.status, 200, bare.body);
    assert.equal(api.up.ant!.last.headers['anthropic-version'], '2023-06-01');
  });
});
