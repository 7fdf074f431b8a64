import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { hasBearer, hasToken, isLoopbackHost, tokenDigest } from '../../../src/core/server/security';

describe('server: security checks', () => {
  it('accepts loopback host names with and without ports', () => {
    for (const host of ['localhost', 'LOCALHOST:8080', '127.0.0.1', '127.0.0.1:1', '127.10.20.30:9', '[::1]', '[::1]:8080']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it('refuses other hosts, including look-alikes used by DNS rebinding', () => {
    const lookAlikes = ['[::1].evil.com', '[::1]evil.com', '[::1]:x', '[::1]:', '[::1]:80:80', '[::1]]', '[::1', 'localhost:', 'localhost:x', '127.0.0.1:80.evil.com'];
    for (const host of [undefined, '', 'evil.com', 'localhost.evil.com', '127.0.0.1.nip.io', '10.0.0.1:80', '[::2]', '0.0.0.0', ...lookAlikes]) {
      assert.equal(isLoopbackHost(host), false, String(host));
    }
    assert.equal(isLoopbackHost('devbox:8080', ['devbox']), true);
    assert.equal(isLoopbackHost('[fe80::1]:8080', ['[fe80::1]']), true);
    assert.equal(isLoopbackHost('devbox.evil.com', ['devbox']), false);
  });

  it('checks the bearer token exactly', () => {
    const digest = tokenDigest('s3cret-token');
    const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
    assert.equal(hasBearer(request('Bearer s3cret-token'), digest), true);
    assert.equal(hasBearer(request('bearer s3cret-token'), digest), true);
    assert.equal(hasBearer(request('Bearer s3cret-toke'), digest), false);
    assert.equal(hasBearer(request('Bearer s3cret-token2'), digest), false);
    assert.equal(hasBearer(request('Basic s3cret-token'), digest), false);
    assert.equal(hasBearer(request(), digest), false);
  });

  it('takes the token as a bearer token or as x-api-key (Anthropic-format clients), either one right', () => {
    const digest = tokenDigest('s3cret-token');
    const request = (headers: Record<string, string | string[]>) => ({ headers }) as IncomingMessage;
    assert.equal(hasToken(request({ 'x-api-key': 's3cret-token' }), digest), true);
    assert.equal(hasToken(request({ authorization: 'Bearer s3cret-token' }), digest), true);
    assert.equal(hasToken(request({ authorization: 'Bearer wrong', 'x-api-key': 's3cret-token' }), digest), true);
    assert.equal(hasToken(request({ authorization: 'Bearer s3cret-token', 'x-api-key': 'wrong' }), digest), true);
    const cases: Record<string, string | string[]>[] = [{}, { 'x-api-key': 's3cret-toke' }, { 'x-api-key': '' }, { 'x-api-key': ['s3cret-token', 's3cret-token'] }, { 'x-api-key': 'Bearer s3cret-token' }];
    for (const headers of cases) {
      assert.equal(hasToken(request(headers), digest), false, JSON.stringify(headers));
    }
  });
});
