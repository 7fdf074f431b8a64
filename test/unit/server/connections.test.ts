// The connection as a raw socket sees it (issue #10, item 5 and the smaller items): a client's
// `Connection: close` is honoured on every answer, streams included; a request trickled in is
// cut off by the header and request timeouts while answers are not; and the bytes of request
// bodies held at once are bounded, beyond which requests get 503 with retry-after.
import assert from 'node:assert/strict';
import { chatBody, startApi, type ApiHarness } from './apiHarness';
import { openRaw, rawRequest } from './rawSocket';

const UP = [{ name: 'up', dialect: 'openai' as const, key: 'sk-up' }];
const MODELS = [
  { id: 'm', provider: 'up', name: 'fake' },
  // A second model, so adversarial runs have a critic that is not the planner.
  { id: 'n', provider: 'up', name: 'fake-2', weight: 40 },
];

/** The head of an HTTP/1.1 POST of `body` to the chat route, with `extra` header lines. */
const post = (api: ApiHarness, body: string, extra: string[] = []): string =>
  [
    'POST /v1/chat/completions HTTP/1.1',
    'Host: 127.0.0.1',
    `Authorization: Bearer ${api.token}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...extra,
    '',
    body,
  ].join('\r\n');

const headerOf = (text: string, name: string): string | undefined =>
  new RegExp(`^${name}: *(.*)\r$`, 'im').exec(text.slice(0, text.indexOf('\r\n\r\n') + 2))?.[1];

describe('server: connections', () => {
  let api: ApiHarness;
  let port: number;
  afterEach(() => api.close());

  describe('Connection: close and keep-alive', () => {
    beforeEach(async () => {
      api = await startApi(UP, MODELS);
      port = Number(new URL(api.url).port);
    });

    it('closes the socket after a stream when the client sent Connection: close, and says so', async () => {
      const answer = await rawRequest(port, post(api, chatBody({ stream: true }), ['Connection: close']));
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.text, /data: \[DONE\]/);
      assert.equal(headerOf(answer.text, 'connection')?.toLowerCase(), 'close');
      assert.ok(answer.closed, 'the socket stayed open after the stream');
    });

    it('closes the socket after a JSON answer and after an error when the client sent Connection: close', async () => {
      for (const body of [chatBody(), '{"messages": 7}']) {
        const answer = await rawRequest(port, post(api, body, ['Connection: close']));
        assert.ok(answer.status === 200 || answer.status === 400, answer.text);
        assert.equal(headerOf(answer.text, 'connection')?.toLowerCase(), 'close');
        assert.ok(answer.closed, `the socket stayed open after a ${answer.status}`);
      }
    });

    it('closes the socket after an adversarial stream when the client sent Connection: close', async () => {
      const body = JSON.stringify({ prompt: 'Review this.', stream: true });
      const answer = await rawRequest(port, post(api, body, ['Connection: close']).replace('/v1/chat/completions', '/v1/adversarial'));
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.text, /event: done/);
      assert.equal(headerOf(answer.text, 'connection')?.toLowerCase(), 'close');
      assert.ok(answer.closed, 'the socket stayed open after the stream');
    });

    it('keeps a connection open between a stream and the next request otherwise', async () => {
      const connection = await openRaw(port, post(api, chatBody({ stream: true })));
      for (let wait = 0; wait < 200 && !/data: \[DONE\]/.test(connection.received()); wait++) await new Promise((r) => setTimeout(r, 10));
      connection.socket.write(post(api, chatBody(), ['Connection: close']));
      const both = await connection.done(5000);
      assert.equal(headerOf(both.text, 'connection')?.toLowerCase(), 'keep-alive');
      assert.equal(both.text.match(/HTTP\/1\.1 200/g)?.length, 2, 'the second request was served on the same socket');
      assert.ok(both.closed);
    });
  });

  describe('timeouts for receiving a request', () => {
    beforeEach(async () => {
      api = await startApi(UP, MODELS, { serverOptions: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
      port = Number(new URL(api.url).port);
    });

    it('cuts off a body trickled a byte at a time, without calling the upstream', async () => {
      const body = chatBody();
      const connection = await openRaw(port, post(api, body).slice(0, -body.length));
      let sent = 0;
      // One byte every 50 ms: the whole body would take many seconds.
      const trickle = setInterval(() => {
        if (sent < body.length && !connection.socket.destroyed) connection.socket.write(body[sent++]!);
      }, 50);
      try {
        const answer = await connection.done(5000);
        assert.ok(answer.closed, 'the trickling request was not cut off');
        assert.ok(sent < body.length, 'the whole body went through');
        assert.ok(answer.status === 408 || answer.status === 0, answer.text);
        assert.equal(api.up.up!.requests.length, 0);
      } finally {
        clearInterval(trickle);
      }
    });

    it('cuts off headers that never end', async () => {
      const answer = await rawRequest(port, 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 5000);
      assert.ok(answer.closed, 'the connection with unfinished headers stayed open');
    });

    it('does not cut a streamed answer that lasts longer than the request timeout', async () => {
      api.up.up!.reply({ chunks: Array.from({ length: 12 }, (_, i) => `w${i} `), chunkDelayMs: 100 });
      const answer = await rawRequest(port, post(api, chatBody({ stream: true }), ['Connection: close']), 10_000);
      assert.equal(answer.status, 200);
      assert.match(answer.text, /w11 /);
      assert.match(answer.text, /data: \[DONE\]/);
    });
  });

  describe('the bytes of request bodies held at once', () => {
    const BODY_LIMIT = 6000;
    beforeEach(async () => {
      api = await startApi(UP, MODELS, { server: { maxBodyBytes: BODY_LIMIT, maxInflightBodyBytes: 10_000 } });
      port = Number(new URL(api.url).port);
    });

    const large = () => chatBody({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] });

    it('answers 503 with retry-after beyond the budget, and serves again once bodies are released', async () => {
      const body = large();
      // The first upload is held half-sent: its declared 5 KB are taken from the 10 KB budget.
      const first = await openRaw(port, post(api, body).slice(0, -Math.floor(body.length / 2)));
      const second = await openRaw(port, post(api, body).slice(0, -Math.floor(body.length / 2)));
      const refused = await second.done(5000);
      assert.equal(refused.status, 503, refused.text);
      assert.equal(headerOf(refused.text, 'retry-after'), '1');
      assert.match(refused.text, /server\.max_inflight_body_bytes/);
      assert.ok(refused.closed, 'the refused upload\'s connection is closed');
      first.socket.write(body.slice(-Math.floor(body.length / 2)));
      first.socket.write(post(api, chatBody(), ['Connection: close']));
      const served = await first.done(5000);
      assert.equal(served.text.match(/HTTP\/1\.1 200/g)?.length, 2, served.text);
      const again = await rawRequest(port, post(api, large(), ['Connection: close']));
      assert.equal(again.status, 200, 'the budget was given back');
    });

    it('counts chunked bodies as they arrive', async () => {
      const head = ['POST /v1/chat/completions HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${api.token}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked', '', ''].join('\r\n');
      const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
      // 5,000 bytes held by the first upload, unfinished; the second passes the 10,000 at its second chunk.
      const first = await openRaw(port, head + chunk('x'.repeat(2500)) + chunk('x'.repeat(2500)));
      for (let wait = 0; wait < 100 && api.server.bodiesHeld < 5000; wait++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(api.server.bodiesHeld, 5000);
      const second = await openRaw(port, head + chunk('y'.repeat(2500)) + chunk('y'.repeat(3000)));
      const refused = await second.done(5000);
      assert.equal(refused.status, 503, refused.text);
      assert.equal(headerOf(refused.text, 'retry-after'), '1');
      first.socket.destroy();
      for (let wait = 0; wait < 100 && api.server.bodiesHeld > 0; wait++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(api.server.bodiesHeld, 0, 'a client that went away gives its share back');
    });
  });
});
