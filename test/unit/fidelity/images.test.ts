// Issue #11 "Tests": images through Tokenhub's OpenAI surface reach each provider in its own
// shape, and only models with `vision` are tried for them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { lastMessage } from '../../fixtures/fakeUpstream/inspect';
import { startApi } from '../server/apiHarness';
import { EVERY_CAPABILITY, TARGETS, startOne } from './helpers';

const PNG = readFileSync(join(__dirname, '../../fixtures/images/red.png')).toString('base64');
const GIF = readFileSync(join(__dirname, '../../fixtures/images/green.gif')).toString('base64');
const URL = 'https://example.com/cat.jpg';

/** A user turn with a question, a PNG and a GIF inline, and an image by URL. */
const LOOK: ChatCompletionMessageParam[] = [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in these?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'high' } },
      { type: 'image_url', image_url: { url: `data:image/gif;base64,${GIF}` } },
      { type: 'image_url', image_url: { url: URL } },
    ],
  },
];

/** Sends LOOK whole or streamed and checks the answer the fake gave came back. */
async function askAboutImages(api: Awaited<ReturnType<typeof startOne>>, stream: boolean): Promise<void> {
  api.fake.setDefault({ text: 'A red square.' });
  const text = stream
    ? (await api.client.chat.completions.stream({ model: 'auto', messages: LOOK }).finalChatCompletion()).choices[0]!.message.content
    : (await api.client.chat.completions.create({ model: 'auto', messages: LOOK })).choices[0]!.message.content;
  assert.equal(text, 'A red square.');
}

describe('fidelity: images', () => {
  for (const stream of [false, true]) {
    it(`reach an OpenAI provider exactly as the client sent them (${stream ? 'streamed' : 'whole'})`, async () => {
      const api = await startOne(TARGETS.openai);
      try {
        await askAboutImages(api, stream);
        assert.deepEqual(lastMessage(api.fake.last).message.content, (LOOK[0] as { content: unknown }).content);
      } finally {
        await api.close();
      }
    });

    it(`reach an Anthropic provider as image blocks, base64 with the media type and by URL (${stream ? 'streamed' : 'whole'})`, async () => {
      const api = await startOne(TARGETS.anthropic);
      try {
        await askAboutImages(api, stream);
        // The Anthropic fake checks that the bytes are of the media type given.
        assert.deepEqual(lastMessage(api.fake.last).parts, [
          { type: 'text', text: 'What is in these?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: GIF } },
          { type: 'image', source: { type: 'url', url: URL } },
        ]);
      } finally {
        await api.close();
      }
    });
  }

  describe('and the vision capability', () => {
    const blind = { ...TARGETS.openai.model, id: 'blind', name: 'gpt-3.5-turbo', weight: 95, capabilities: EVERY_CAPABILITY.filter((c) => c !== 'vision') };
    const seeing = { ...TARGETS.anthropic.model, id: 'seeing', weight: 10 };

    it('a model without vision is never tried for an image, though it ranks first; it still answers text', async () => {
      const api = await startApi([TARGETS.openai.upstream, TARGETS.anthropic.upstream], [blind, seeing]);
      try {
        const { response } = await api.client.chat.completions.create({ model: 'auto', messages: LOOK }).withResponse();
        assert.equal(response.headers.get('x-tokenhub-model'), 'seeing');
        assert.equal(response.headers.get('x-tokenhub-escalations'), '');
        await api.client.chat.completions.stream({ model: 'auto', messages: LOOK }).finalChatCompletion();
        assert.equal(api.up.oa!.requests.length, 0);
        assert.equal(api.up.an!.requests.length, 2);
        const text = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
        assert.equal(text.response.headers.get('x-tokenhub-model'), 'blind');
      } finally {
        await api.close();
      }
    });

    it('naming a model without vision is a 400 that names the capability, before any call', async () => {
      const api = await startApi([TARGETS.openai.upstream, TARGETS.anthropic.upstream], [blind, seeing]);
      try {
        for (const model of ['blind', 'gpt-3.5-turbo']) {
          await assert.rejects(api.client.chat.completions.create({ model, messages: LOOK }), (error: { status?: number; message?: string }) => {
            assert.equal(error.status, 400);
            assert.match(error.message ?? '', /"blind" does not offer "vision"/);
            return true;
          });
        }
        assert.equal(api.up.oa!.requests.length + api.up.an!.requests.length, 0);
      } finally {
        await api.close();
      }
    });

    it('with no vision model at all, a 400 that says so', async () => {
      const api = await startApi([TARGETS.openai.upstream], [blind]);
      try {
        await assert.rejects(api.client.chat.completions.create({ model: 'auto', messages: LOOK }), (error: { status?: number; message?: string }) => {
          assert.equal(error.status, 400);
          assert.match(error.message ?? '', /"vision"/);
          return true;
        });
        assert.equal(api.up.oa!.requests.length, 0);
      } finally {
        await api.close();
      }
    });
  });
});
