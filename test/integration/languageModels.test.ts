// Tokenhub's models through VS Code's own Language Model API, as Copilot Chat and other extensions
// use them: vscode.lm.selectChatModels({ vendor: 'tokenhub' }), sendRequest, countTokens, against
// fake upstreams configured through the settings. VS Code 1.104 and later (the host runs 1.139).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import * as vscode from 'vscode';
import { callThenAnswer } from '../fixtures/fakeUpstream/toolScripts';
import { lastMessage, lastToolResults, toolNames } from '../fixtures/fakeUpstream/inspect';
import type { TestingHooks } from '../../src/vscode/api';
import type { LanguageModelPartClasses } from '../../src/vscode/languageModelProviderApi';
import { setSetting, useFeatureHost } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

const parts = vscode as unknown as Required<LanguageModelPartClasses>;
const hasProviderApi = typeof (vscode.lm as unknown as Record<string, unknown>).registerLanguageModelChatProvider === 'function';
const RED_PNG = readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'images', 'red.png'));
const WEATHER_TOOL: vscode.LanguageModelChatTool = {
  name: 'get_weather',
  description: 'The weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** What a consumer sees of a model (1.139 adds capabilities to the 1.100 type). */
type Chat = vscode.LanguageModelChat & { capabilities?: { supportsToolCalling?: boolean; supportsImageToText?: boolean } };

/** Every part of a response, read to the end (rejects with the stream's error). */
async function readAll(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const part of response.stream) out.push(part);
  return out;
}

const textOf = (all: unknown[]): string => all.filter((part) => part instanceof vscode.LanguageModelTextPart).map((part) => (part as vscode.LanguageModelTextPart).value).join('');
const callsOf = (all: unknown[]): vscode.LanguageModelToolCallPart[] => all.filter((part): part is vscode.LanguageModelToolCallPart => part instanceof vscode.LanguageModelToolCallPart);

async function models(): Promise<Chat[]> {
  return vscode.lm.selectChatModels({ vendor: 'tokenhub' });
}

async function model(id: string): Promise<Chat> {
  const found = (await models()).find((m) => m.id === id);
  assert.ok(found, `tokenhub offers no model "${id}"`);
  return found;
}

/** Waits until the offered ids are these (VS Code asks the provider again after its change event). */
async function offeredIds(expected: string[]): Promise<void> {
  let seen: string[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    seen = (await models()).map((m) => m.id);
    if (seen.join() === expected.join()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(seen, expected);
}

// VS Code 1.100–1.103 have no provider API; activation.test.ts checks Tokenhub activates there without it.
(hasProviderApi ? describe : describe.skip)('Language Model provider (vscode.lm)', function () {
  this.timeout(60_000);
  let testing: TestingHooks;
  let fakes: FakeSetup;

  useFeatureHost(
    (t, f) => {
      testing = t;
      fakes = f;
    },
    {
      setUp: async () => {
        await setSetting('providers', [
          { name: 'fake-openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_OPENAI_KEY' },
          { name: 'fake-anthropic', type: 'anthropic', base_url: fakes.anthropic.url, api_key_env: 'TOKENHUB_TEST_ANTHROPIC_KEY' },
          // No key until a test stores one in the vault.
          { name: 'late', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_LATE_KEY_UNSET' },
        ]);
        await setSetting('models', [
          { id: 'lm-text', provider: 'fake-openai', name: 'gpt-text-fake', weight: 90, cost_per_1k: 0.001, context_size: 8000, capabilities: ['chat'] },
          {
            id: 'lm-claude', provider: 'fake-anthropic', name: 'claude-fake-4-20250101', weight: 80, input_cost_per_1k: 0.003, output_cost_per_1k: 0.015,
            context_size: 200000, max_output_tokens: 64000, capabilities: ['chat', 'tools', 'vision', 'reasoning'],
          },
          { id: 'lm-gpt', provider: 'fake-openai', name: 'gpt-4o', weight: 70, cost_per_1k: 0.005, context_size: 128000, max_output_tokens: 16384, capabilities: ['chat', 'tools', 'vision'] },
          { id: 'lm-late', provider: 'late', name: 'gpt-4o-mini', weight: 10, cost_per_1k: 0.001, context_size: 64000, capabilities: ['chat'] },
        ]);
        await offeredIds(['auto', 'lm-text', 'lm-claude', 'lm-gpt']);
      },
      tearDown: async () => {
        await testing.vault.host.remove('late');
        await setSetting('languageModels.offered', undefined);
      },
    },
  );

  it('registered the provider in this VS Code', () => {
    assert.equal(testing.languageModels.registered, true);
  });

  it('lists Tokenhub: Auto and the registry models whose provider has a key, with their metadata', async () => {
    const all = await models();
    assert.deepEqual(all.map((m) => m.id), ['auto', 'lm-text', 'lm-claude', 'lm-gpt']);
    const [auto, text, claude, gpt] = all as [Chat, Chat, Chat, Chat];
    assert.equal(auto.name, 'Tokenhub: Auto');
    assert.equal(auto.vendor, 'tokenhub');
    assert.equal(auto.family, 'auto');
    // Auto reaches every usable model: the widest budget and every capability among them.
    assert.equal(auto.maxInputTokens, 200000 - 64000);
    assert.deepEqual([auto.capabilities?.supportsToolCalling, auto.capabilities?.supportsImageToText], [true, true]);
    assert.equal(claude.name, 'lm-claude');
    assert.equal(claude.family, 'claude-fake-4');
    assert.equal(claude.version, 'claude-fake-4-20250101');
    assert.equal(claude.maxInputTokens, 136000);
    assert.deepEqual([claude.capabilities?.supportsToolCalling, claude.capabilities?.supportsImageToText], [true, true]);
    assert.equal(gpt.maxInputTokens, 128000 - 16384);
    assert.equal(gpt.family, 'gpt-4o');
    assert.equal(text.maxInputTokens, 8000 - 4096, 'without max_output_tokens, 4096 are kept for the answer');
    assert.deepEqual([text.capabilities?.supportsToolCalling, text.capabilities?.supportsImageToText], [false, false]);
  });

  it('offers only the models tokenhub.languageModels.offered lists, in its order, with Auto', async () => {
    await setSetting('languageModels.offered', ['lm-gpt', 'lm-text', 'no-such-model']);
    await offeredIds(['auto', 'lm-gpt', 'lm-text']);
    await setSetting('languageModels.offered', undefined);
    await offeredIds(['auto', 'lm-text', 'lm-claude', 'lm-gpt']);
  });

  it('streams the text as it arrives, and puts the usage and cost in the ledger', async () => {
    fakes.openai.reply({ chunks: ['Hello', ' from', ' the', ' fake.'], usage: { prompt: 12, completion: 4 }, chunkDelayMs: 5 });
    const before = testing.features.service.ledger.today();
    const response = await (await model('lm-gpt')).sendRequest([vscode.LanguageModelChatMessage.User('Say hello')], {});
    const texts: string[] = [];
    const all: unknown[] = [];
    for await (const part of response.stream) {
      all.push(part);
      if (part instanceof vscode.LanguageModelTextPart) texts.push(part.value);
    }
    assert.equal(texts.join(''), 'Hello from the fake.');
    assert.ok(texts.length >= 2, `the text came in ${texts.length} part(s)`);
    assert.deepEqual(lastMessage(fakes.openai.last).parts, [{ type: 'text', text: 'Say hello' }]);
    // Copilot Chat reads the counts from a `usage` data part.
    const usage = all.find((part) => part instanceof parts.LanguageModelDataPart && part.mimeType === 'usage') as { data: Uint8Array } | undefined;
    assert.ok(usage, 'no usage data part');
    const counts = JSON.parse(Buffer.from(usage.data).toString('utf8')) as Record<string, unknown>;
    assert.deepEqual([counts.prompt_tokens, counts.completion_tokens, counts.total_tokens], [12, 4, 16]);
    const after = testing.features.service.ledger.today();
    assert.equal(after.requests, before.requests + 1);
    assert.equal(after.promptTokens - before.promptTokens, 12);
    assert.ok(after.costUsd > before.costUsd);
  });

  it('runs a tool loop with an openai-type provider: a whole tool call part back, its result in the next request', async () => {
    fakes.openai.setDefault(callThenAnswer());
    const gpt = await model('lm-gpt');
    const ask = vscode.LanguageModelChatMessage.User('What is the weather in Paris?');
    const first = await readAll(await gpt.sendRequest([ask], { tools: [WEATHER_TOOL], toolMode: vscode.LanguageModelChatToolMode.Required, modelOptions: { temperature: 0.2, _conversationId: 'c1' } }));
    const [call] = callsOf(first);
    assert.ok(call, 'no tool call part');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.input, { city: 'Paris' });
    const sent = fakes.openai.last.body as { tool_choice?: unknown; temperature?: unknown; _conversationId?: unknown };
    assert.deepEqual(toolNames(fakes.openai.last), ['get_weather']);
    assert.equal(sent.tool_choice, 'required');
    assert.equal(sent.temperature, 0.2);
    assert.equal(sent._conversationId, undefined, 'the caller\'s own _ options stay with the caller');

    const second = await readAll(
      await gpt.sendRequest([ask, vscode.LanguageModelChatMessage.Assistant([call]), vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('18°C, clear')])])], {
        tools: [WEATHER_TOOL],
      }),
    );
    assert.equal(textOf(second), 'The tool said: 18°C, clear.');
    assert.deepEqual(lastToolResults(fakes.openai.last), [{ callId: call.callId, text: '18°C, clear' }]);
  });

  for (const echo of [false, true]) {
    it(`runs a tool loop with an anthropic-type provider that reasons, the signed thinking ${echo ? 'sent back in thinking parts' : 'kept by Tokenhub for a caller that drops it'}`, async () => {
      fakes.anthropic.setDefault(callThenAnswer({ onCall: { reasoning: { text: 'I need the weather first.' } } }));
      const claude = await model('lm-claude');
      const ask = vscode.LanguageModelChatMessage.User('What is the weather in Paris?');
      const options = { tools: [WEATHER_TOOL], modelOptions: { reasoning_effort: 'low' } };
      const first = await readAll(await claude.sendRequest([ask], options));
      const thinking = first.filter((part) => part instanceof parts.LanguageModelThinkingPart);
      assert.ok(thinking.length > 0, 'no thinking parts');
      const [call] = callsOf(first);
      assert.ok(call);
      assert.deepEqual(call.input, { city: 'Paris' });
      // What the caller sends back: the assistant turn as it came (thinking included) or text and calls only.
      const assistant = new vscode.LanguageModelChatMessage(vscode.LanguageModelChatMessageRole.Assistant, (echo ? [...thinking, call] : [call]) as vscode.LanguageModelToolCallPart[]);
      const result = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('18°C')])]);
      // The fake refuses a tool-use turn without the signature it issued for that thinking.
      const second = await readAll(await claude.sendRequest([ask, assistant, result], options));
      assert.equal(textOf(second), 'The tool said: 18°C.');
      const body = fakes.anthropic.last.body as { messages: { role: string; content: { type: string }[] }[] };
      assert.deepEqual(body.messages[1]?.content.map((block) => block.type), ['thinking', 'tool_use']);
    });
  }

  it('sends an image to a vision model and refuses it for a text-only one, under Auto too', async () => {
    const image = new parts.LanguageModelDataPart(RED_PNG, 'image/png');
    const message = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('What colour is this?'), image] as vscode.LanguageModelTextPart[]);
    fakes.openai.reply({ text: 'Red.' });
    assert.equal(textOf(await readAll(await (await model('lm-gpt')).sendRequest([message], {}))), 'Red.');
    const sent = lastMessage(fakes.openai.last).parts;
    assert.deepEqual(sent[1], { type: 'image_url', image_url: { url: `data:image/png;base64,${RED_PNG.toString('base64')}` } });

    const requests = fakes.openai.requests.length;
    await assert.rejects(readAll(await (await model('lm-text')).sendRequest([message], {})), /lm-text.*does not offer "vision"/);
    assert.equal(fakes.openai.requests.length, requests, 'nothing reached the upstream');

    // Auto's first choice (lm-text) takes no images: the best model that does answers.
    fakes.anthropic.reply({ text: 'It is red.' });
    assert.equal(textOf(await readAll(await (await model('auto')).sendRequest([message], {}))), 'It is red.');
    const blocks = lastMessage(fakes.anthropic.last).parts as { type: string; source?: { media_type?: string } }[];
    assert.deepEqual(blocks.map((b) => b.type), ['text', 'image']);
    assert.equal(blocks[1]?.source?.media_type, 'image/png');
  });

  it('Auto escalates past a failing provider before the first token, invisibly', async () => {
    fakes.openai.fail('server_error');
    fakes.anthropic.reply({ text: 'Answered by the second choice.' });
    const openaiBefore = fakes.openai.requests.length;
    const all = await readAll(await (await model('auto')).sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}));
    assert.equal(textOf(all), 'Answered by the second choice.');
    assert.equal(fakes.openai.requests.length, openaiBefore + 1, 'the first choice (lm-text on fake-openai) was tried');
  });

  it('a named model that fails throws an error that says what happened and what to do', async () => {
    fakes.openai.fail('server_error');
    await assert.rejects(readAll(await (await model('lm-gpt')).sendRequest([vscode.LanguageModelChatMessage.User('hi')], {})), (error: Error) => {
      assert.match(error.message, /^Tokenhub \(lm-gpt\): Every candidate failed\. lm-gpt \(fake-openai\): server/);
      assert.match(error.message, /Pick "Tokenhub: Auto"/);
      return true;
    });
  });

  it('a failure after the first text ends the stream with an error saying the answer broke off', async () => {
    fakes.openai.fail('stream_error', { afterChunks: 2, text: 'Partial answer that never ends' });
    const response = await (await model('lm-gpt')).sendRequest([vscode.LanguageModelChatMessage.User('hi')], {});
    // "broke off" is said only once text was reported. (VS Code drops parts a caller has not read yet
    // when the stream errors, so what this caller saw before the error is not asserted.)
    await assert.rejects(readAll(response), /Tokenhub \(lm-gpt\): the answer broke off: fake-openai failed .* What arrived is incomplete; send the request again, or pick "Tokenhub: Auto"/);
  });

  it('a tool call whose arguments never parse is an error, never a half call', async () => {
    fakes.openai.reply({ toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par', fragments: ['{"ci', 'ty": "Par'] }] });
    const received: unknown[] = [];
    const response = await (await model('lm-gpt')).sendRequest([vscode.LanguageModelChatMessage.User('weather?')], { tools: [WEATHER_TOOL] });
    await assert.rejects(
      (async () => {
        for await (const part of response.stream) received.push(part);
      })(),
      /called the tool "get_weather" with arguments that are not a JSON object/,
    );
    assert.deepEqual(callsOf(received), []);
  });

  it('cancelling mid-stream aborts the upstream request at once', async () => {
    fakes.openai.fail('stall', { afterChunks: 2, text: 'This answer stalls after two words' });
    const source = new vscode.CancellationTokenSource();
    const count = fakes.openai.requests.length + 1;
    const response = await (await model('lm-gpt')).sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}, source.token);
    await fakes.openai.waitForRequests(count);
    const upstream = fakes.openai.requests[count - 1]!;
    const reading = (async () => {
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) source.cancel();
      }
    })();
    await upstream.aborted;
    assert.equal(upstream.clientAborted, true);
    await reading.catch(() => undefined);
    source.dispose();
  });

  it('countTokens counts with the model family\'s tokenizer (o200k for gpt-4o, exactly)', async () => {
    const text = 'Tokenhub counts tokens with the real tokenizer: naïve “quotes”, 1234567, and émojis 🚀.';
    const gpt = await model('lm-gpt');
    assert.equal(await gpt.countTokens(text), countTokens(text));
    const inMessage = await gpt.countTokens(vscode.LanguageModelChatMessage.User(text));
    assert.ok(inMessage > countTokens(text), 'a message costs its framing besides its text');
    // Anthropic has no offline tokenizer: the estimate is scaled above cl100k's count.
    assert.ok((await (await model('lm-claude')).countTokens(text)) >= countTokens(text));
  });

  it('offers a provider\'s models once a key is added, and not after it is removed', async () => {
    const changed = new Promise<void>((resolve) => {
      const listener = vscode.lm.onDidChangeChatModels(() => {
        listener.dispose();
        resolve();
      });
    });
    await testing.vault.host.set('late', 'sk-fake-openai');
    await changed;
    await offeredIds(['auto', 'lm-text', 'lm-claude', 'lm-gpt', 'lm-late']);
    fakes.openai.reply({ text: 'Late but here.' });
    assert.equal(textOf(await readAll(await (await model('lm-late')).sendRequest([vscode.LanguageModelChatMessage.User('hi')], {}))), 'Late but here.');
    await testing.vault.host.remove('late');
    await offeredIds(['auto', 'lm-text', 'lm-claude', 'lm-gpt']);
  });
});
