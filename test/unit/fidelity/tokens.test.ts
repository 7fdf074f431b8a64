// Issue #11 "Tests": the prompt estimate that routing uses counts tool definitions, tool calls and
// results, and images (by each provider's own rule, never by their base64 length).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { anthropicImageTokens, openaiImageTokens } from '../../../src/core/tokens/images';
import { startApi, type ApiHarness } from '../server/apiHarness';
import { EVERY_CAPABILITY, TARGETS, manyTools, type Target } from './helpers';

const HI: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hi' }];

/** A small model that ranks first and a large one behind it, on one provider of the target's type. */
function smallAndLarge(contextSize: number, target: Target = TARGETS.openai): Promise<ApiHarness> {
  const names = target.type === 'anthropic' ? ['claude-haiku-4-5', 'claude-sonnet-4-5'] : ['gpt-4o-mini', 'gpt-4o'];
  return startApi(
    [target.upstream],
    [
      { ...target.model, id: 'small', name: names[0]!, weight: 90, contextSize },
      { ...target.model, id: 'large', name: names[1]!, weight: 10, contextSize: 128_000 },
    ],
  );
}

async function routed(api: ApiHarness, body: { messages: ChatCompletionMessageParam[]; tools?: ChatCompletionTool[]; max_tokens?: number }) {
  const { response } = await api.client.chat.completions.create({ model: 'auto', ...body }).withResponse();
  return { model: response.headers.get('x-tokenhub-model'), escalations: response.headers.get('x-tokenhub-escalations') };
}

/** Tools whose descriptions and schemas weigh like real ones (~60 tokens each). */
function describedTools(count: number): ChatCompletionTool[] {
  return manyTools(count).map((tool) => ({
    ...tool,
    function: {
      ...tool.function,
      description: `Reads, searches or edits the workspace (${tool.function.name}); give paths relative to the project root and keep each call small.`,
    },
  }));
}

describe('fidelity: token estimates in routing', () => {
  it('200 tool definitions push a short prompt past a small model: the larger one answers, the small one never called', async () => {
    // Anthropic: OpenAI takes at most 128 tools.
    const api = await smallAndLarge(8000, TARGETS.anthropic);
    try {
      assert.deepEqual(await routed(api, { messages: HI }), { model: 'small', escalations: '' });
      const many = await routed(api, { messages: HI, tools: describedTools(200) });
      assert.equal(many.model, 'large');
      assert.equal(many.escalations, 'small:too_small');
      assert.equal(api.up.an!.requests.length, 2);
      assert.equal((api.up.an!.last.body as { model: string }).model, 'claude-sonnet-4-5');
      // A dozen tools still fit the small one.
      assert.equal((await routed(api, { messages: HI, tools: describedTools(12) })).model, 'small');
    } finally {
      await api.close();
    }
  });

  it('tool calls and tool results count: a large file read back by a tool moves the turn to the larger model', async () => {
    const api = await smallAndLarge(8000);
    try {
      const file = Array.from({ length: 2500 }, (_, i) => `line ${i}: export const value${i} = compute(${i});`).join('\n');
      const call = (args: string): ChatCompletionMessageParam => ({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'tool_0', arguments: args } }] });
      const small = await routed(api, { messages: [...HI, call('{"path":"a.ts"}'), { role: 'tool', tool_call_id: 'call_1', content: 'ok' }], tools: describedTools(1) });
      assert.equal(small.model, 'small');
      const result = await routed(api, { messages: [...HI, call('{"path":"a.ts"}'), { role: 'tool', tool_call_id: 'call_1', content: file }], tools: describedTools(1) });
      assert.deepEqual(result, { model: 'large', escalations: 'small:too_small' });
      const args = await routed(api, { messages: [...HI, call(JSON.stringify({ path: 'a.ts', content: file })), { role: 'tool', tool_call_id: 'call_1', content: 'written' }], tools: describedTools(1) });
      assert.deepEqual(args, { model: 'large', escalations: 'small:too_small' });
    } finally {
      await api.close();
    }
  });

  it("an image counts by the provider's rule, not its base64 length: a 400 KB inline image fits a 4k context", async () => {
    const api = await smallAndLarge(4000);
    try {
      // red.png (37 × 23) with 300 KB after its end: still that PNG, ~400k base64 characters.
      const png = Buffer.concat([readFileSync(join(__dirname, '../../fixtures/images/red.png')), Buffer.alloc(300_000, 7)]).toString('base64');
      assert.ok(png.length > 400_000);
      const image: ChatCompletionMessageParam = { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] };
      assert.deepEqual(await routed(api, { messages: [image] }), { model: 'small', escalations: '' });
    } finally {
      await api.close();
    }
  });

  it("each provider's rule decides: a 1500 × 900 JPEG fits OpenAI's tiles (1,105 tokens) but not Claude's area rule (~1,534) in the same context", async () => {
    const jpeg = readFileSync(join(__dirname, '../../fixtures/images/gradient.jpg')).toString('base64');
    assert.equal(openaiImageTokens({ width: 1500, height: 900 }, 'high'), 1105);
    assert.equal(anthropicImageTokens({ width: 1500, height: 900 }), 1534);
    const api = await startApi(
      [TARGETS.openai.upstream, TARGETS.anthropic.upstream],
      [
        { ...TARGETS.anthropic.model, weight: 90, contextSize: 2400 },
        { ...TARGETS.openai.model, weight: 50, contextSize: 2400 },
        { ...TARGETS.openai.model, id: 'blind', weight: 99, capabilities: EVERY_CAPABILITY.filter((c) => c !== 'vision') },
      ],
    );
    try {
      const look: ChatCompletionMessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Describe it.' }, { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}`, detail: 'high' } }] }];
      // 1,000 completion tokens: OpenAI's ~1,120 prompt fits 2,400; Claude's ~1,550 does not.
      assert.deepEqual(await routed(api, { messages: look, max_tokens: 1000 }), { model: 'gpt', escalations: 'claude:too_small' });
      // With room for both, Claude (ranked first) answers.
      assert.deepEqual(await routed(api, { messages: look, max_tokens: 500 }), { model: 'claude', escalations: '' });
      assert.equal(api.up.an!.requests.length, 1);
    } finally {
      await api.close();
    }
  });
});
