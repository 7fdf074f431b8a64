// The Language Model API's core path over a real router and fake upstreams, in plain Node: the
// request translated, routed, streamed, and the answer's parts built from what each wire format
// really sends (fragmented and interleaved tool arguments, signed thinking across turns).
import assert from 'node:assert/strict';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import type { LanguageModelOutputPart } from '../../../../src/core/surfaces/languageModels/answer';
import { LanguageModelAnswer } from '../../../../src/core/surfaces/languageModels/answer';
import { findOffer, languageModelOffers } from '../../../../src/core/surfaces/languageModels/offers';
import type { LanguageModelMessage, LanguageModelPart } from '../../../../src/core/surfaces/languageModels/request';
import { languageModelRequest } from '../../../../src/core/surfaces/languageModels/request';
import { languageModelTokenCount } from '../../../../src/core/surfaces/languageModels/tokenCount';
import { callThenAnswer } from '../../../fixtures/fakeUpstream/toolScripts';
import type { Harness } from '../../router/harness';
import { harness } from '../../router/harness';

const TOOLS = [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];

/** One request the way the provider makes it; the parts it would report. */
async function send(h: Harness, model: string, messages: LanguageModelMessage[], options = {}): Promise<LanguageModelOutputPart[]> {
  const { request } = languageModelRequest(messages, options, h.tokenhub.reasoning);
  const offer = findOffer(languageModelOffers(h.tokenhub.registry.ranked('chat'), new Map([['openai', 'ready'], ['anthropic', 'ready']]), 'all'), model);
  assert.ok(offer, `no offer ${model}`);
  const stream = await h.tokenhub.router.stream({ request, model: offer.route.model, escalate: offer.route.escalate });
  const answer = new LanguageModelAnswer(stream.model.id, 't_');
  const out: LanguageModelOutputPart[] = [];
  for await (const batch of stream.batches) out.push(...answer.add(batch.events));
  out.push(...answer.end());
  h.tokenhub.reasoning.remember((await stream.summary).answer);
  return out;
}

const user = (...content: LanguageModelPart[]): LanguageModelMessage => ({ role: 1, content });
const asPart = (part: LanguageModelOutputPart): LanguageModelPart =>
  part.type === 'text' ? { type: 'text', text: part.text } : part.type === 'tool_call' ? { type: 'tool_call', callId: part.callId, name: part.name, input: part.input } : part;

describe('Language Model API over the router (fake upstreams)', function () {
  this.timeout(20_000);
  let h: Harness;

  before(async () => {
    h = await harness(
      [
        { name: 'openai', dialect: 'openai', key: 'sk-o' },
        { name: 'anthropic', dialect: 'anthropic', key: 'sk-a' },
      ],
      [
        { id: 'gpt', provider: 'openai', name: 'gpt-4o', weight: 80, capabilities: ['chat', 'tools', 'vision'] },
        { id: 'claude', provider: 'anthropic', name: 'claude-sonnet-4-5', weight: 70, capabilities: ['chat', 'tools', 'reasoning'] },
      ],
      { cooldownMs: 0 },
    );
  });
  after(() => h.close());

  it('reports interleaved, fragmented OpenAI tool calls whole, each once', async () => {
    h.up.openai!.reply({
      interleaveToolCalls: true,
      toolCalls: [
        { id: 'call_1', name: 'get_weather', arguments: '{"city": "Paris"}', fragments: ['{"ci', 'ty": "Pa', 'ris"}'] },
        { id: 'call_2', name: 'get_weather', arguments: '{"city": "Rome"}', fragments: ['{"city"', ': "Rome"}'] },
      ],
    });
    const parts = await send(h, 'gpt', [user({ type: 'text', text: 'Weather in Paris and Rome?' })], { tools: TOOLS });
    assert.deepEqual(parts, [
      { type: 'tool_call', callId: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_call', callId: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
    ]);
  });

  it('carries Anthropic\'s signed thinking across a tool turn when the caller echoes the thinking parts', async () => {
    h.up.anthropic!.setDefault(callThenAnswer({ onCall: { reasoning: { text: 'Check the weather.' } } }));
    const ask = user({ type: 'text', text: 'Weather?' });
    const options = { tools: TOOLS, modelOptions: { reasoning_effort: 'low' } };
    const first = await send(h, 'claude', [ask], options);
    const call = first.at(-1);
    assert.ok(first.slice(0, -1).every((part) => part.type === 'thinking'), 'the thinking comes first');
    assert.ok(first.some((part) => part.type === 'thinking' && part.metadata?.tokenhub.signature), 'its signature is in a thinking part');
    assert.ok(call?.type === 'tool_call');
    const messages = [ask, { role: 2, content: first.map(asPart) }, user({ type: 'tool_result', callId: call.callId, content: [{ type: 'text', text: '18°C' }] })];
    // Without the reasoning memory: the state comes back from the thinking parts themselves.
    const { request } = languageModelRequest(messages, options);
    assert.equal(request.messages[1]?.content[0]?.type, 'reasoning');
    assert.ok((request.messages[1]?.content[0] as { signature?: string }).signature, 'the signature came back from the thinking part');
    const second = await send(h, 'claude', messages, options);
    assert.ok(second.every((part) => part.type === 'text'));
    assert.equal(second.map((part) => (part.type === 'text' ? part.text : '')).join(''), 'The tool said: 18°C.');
  });

  it('counts a text exactly with o200k for gpt-4o, and a message with its framing', () => {
    const offer = findOffer(languageModelOffers(h.tokenhub.registry.ranked('chat'), new Map([['openai', 'ready']]), 'all'), 'gpt');
    assert.ok(offer);
    const text = 'Count me with the real tokenizer, 12345 “quotes”.';
    assert.equal(languageModelTokenCount(h.tokenhub.estimator, offer.counter, text), o200k(text));
    assert.ok(languageModelTokenCount(h.tokenhub.estimator, offer.counter, user({ type: 'text', text })) > o200k(text));
  });
});
