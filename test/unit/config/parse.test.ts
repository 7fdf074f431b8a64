import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/core/config/errors';
import { loadConfigFile, parseConfigText } from '../../../src/core/config/file';
import { defaultConfig, parseConfig, wellKnownProviders } from '../../../src/core/config/parse';
import { CATALOGUE } from '../../../src/core/registry/catalogue';
import { CAPABILITIES } from '../../../src/core/model/request';

/** The example of DESIGN.md "Configuration", verbatim. */
const SEED = {
  server: { host: '127.0.0.1', port: 8080, api_token_env: 'TOKENHUB_API_TOKEN' },
  vault: { encryption_key_env: 'TOKENHUB_ENCRYPTION_KEY', stored_keys: {} },
  routing: { max_attempts: 4, request_timeout_ms: 120000, first_token_timeout_ms: 30000, idle_timeout_ms: 30000, cooldown_ms: 30000 },
  providers: [
    { name: 'openai', type: 'openai', api_key_env: 'OPENAI_API_KEY' },
    { name: 'anthropic', type: 'anthropic', api_key_env: 'ANTHROPIC_API_KEY' },
    { name: 'local', type: 'vllm', base_url: 'http://127.0.0.1:8000/v1' },
  ],
  models: [
    { id: 'gpt-4o', provider: 'openai', name: 'gpt-4o', weight: 80, cost_per_1k: 0.005, context_size: 128000, capabilities: ['chat', 'completion'] },
  ],
};

function problemsOf(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(raw, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'invalid_input');
    return error.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
  }
  assert.fail('expected a ConfigError');
}

describe('config: parseConfig', () => {
  it('parses the seed example of DESIGN.md into camelCase with defaults', () => {
    const { config, warnings } = parseConfig(SEED, {});
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.server, {
      host: '127.0.0.1',
      port: 8080,
      apiTokenEnv: 'TOKENHUB_API_TOKEN',
      maxBodyBytes: 32 * 1024 * 1024,
      maxInflightBodyBytes: 128 * 1024 * 1024,
      allowedOrigins: [],
    });
    assert.deepEqual(config.vault, { encryptionKeyEnv: 'TOKENHUB_ENCRYPTION_KEY', storedKeys: {} });
    assert.deepEqual(config.routing, {
      maxAttempts: 4,
      requestTimeoutMs: 120000,
      firstTokenTimeoutMs: 30000,
      idleTimeoutMs: 30000,
      cooldownMs: 30000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxEventBytes: 16 * 1024 * 1024,
    });
    assert.deepEqual(config.providers, [
      { name: 'openai', type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
      { name: 'anthropic', type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
      { name: 'local', type: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' },
    ]);
    assert.deepEqual(config.models, [
      { id: 'gpt-4o', provider: 'openai', name: 'gpt-4o', weight: 80, costPer1k: 0.005, contextSize: 128000, capabilities: ['chat', 'completion'] },
    ]);
  });

  it('fills server, vault and routing defaults when the sections are absent', () => {
    const { config } = parseConfig({ providers: SEED.providers, models: SEED.models }, {});
    assert.equal(config.server.port, 8080);
    const small = parseConfig({ server: { max_body_bytes: 1000 }, providers: SEED.providers, models: SEED.models }, {});
    assert.equal(small.config.server.maxInflightBodyBytes, 4000, 'four bodies of the configured size by default');
    assert.equal(config.routing.maxAttempts, 4);
    assert.equal(config.vault.encryptionKeyEnv, 'TOKENHUB_ENCRYPTION_KEY');
  });

  it('reads split prices and max output tokens, and blends a missing cost_per_1k 3:1', () => {
    const { config } = parseConfig(
      { providers: SEED.providers, models: [{ id: 'm', provider: 'openai', name: 'm', context_size: 1000, max_output_tokens: 100, input_cost_per_1k: 0.001, output_cost_per_1k: 0.005 }] },
      {},
    );
    const [m] = config.models;
    assert.equal(m.inputCostPer1k, 0.001);
    assert.equal(m.outputCostPer1k, 0.005);
    assert.equal(m.maxOutputTokens, 100);
    assert.ok(Math.abs(m.costPer1k - 0.002) < 1e-12);
  });

  it('reads cache prices and embedding dimensions, and warns of dimensions on a model that does not embed', () => {
    const { config, warnings } = parseConfig(
      {
        providers: SEED.providers,
        models: [
          { id: 'c', provider: 'anthropic', name: 'c', context_size: 1000, input_cost_per_1k: 0.003, output_cost_per_1k: 0.015, cache_read_cost_per_1k: 0.0003, cache_write_cost_per_1k: 0.00375 },
          { id: 'e', provider: 'openai', name: 'e', context_size: 8192, input_cost_per_1k: 0.00002, embedding_dimensions: 1536, capabilities: ['embedding'] },
          { id: 'x', provider: 'local', name: 'x', context_size: 8192, embedding_dimensions: 768 },
        ],
      },
      {},
    );
    const [chat, embed, odd] = config.models;
    assert.deepEqual([chat.cacheReadCostPer1k, chat.cacheWriteCostPer1k, chat.embeddingDimensions], [0.0003, 0.00375, undefined]);
    assert.deepEqual([embed.embeddingDimensions, embed.costPer1k, embed.cacheReadCostPer1k], [1536, 0.00002, undefined]);
    assert.equal(odd.embeddingDimensions, 768);
    assert.deepEqual(warnings.map((w) => w.path), ['models[2].embedding_dimensions']);
  });

  it('lists one problem of every kind at its path', () => {
    const cases: [unknown, string][] = [
      [{ ...SEED, providers: [...SEED.providers, { name: 'g', type: 'gemini' }] }, 'providers[3].type: expected one of openai, anthropic, vllm, found "gemini"'],
      [{ ...SEED, providers: [...SEED.providers, { type: 'openai' }] }, 'providers[3].name: expected a string, found nothing'],
      [{ ...SEED, providers: [...SEED.providers, { name: 'l', type: 'vllm', base_url: 'localhost:8000' }] }, 'providers[3].base_url: expected an http(s) URL, found "localhost:8000"'],
      [{ ...SEED, server: { port: 70000 } }, 'server.port: expected an integer from 0 to 65535, found 70000'],
      [{ ...SEED, server: { port: -1 } }, 'server.port: expected an integer from 0 to 65535, found -1'],
      [{ ...SEED, server: { max_body_bytes: 0 } }, 'server.max_body_bytes: expected an integer of at least 1, found 0'],
      [{ ...SEED, server: { max_body_bytes: 1000, max_inflight_body_bytes: 999 } }, 'server.max_inflight_body_bytes: expected an integer of at least 1000, found 999'],
      [{ ...SEED, server: { allowed_origins: ['http://a.test/path'] } }, 'server.allowed_origins[0]: expected an origin such as "http://localhost:3000", or "vscode-webview://*" for any VS Code webview (scheme, host and port only), found "http://a.test/path"'],
      [{ ...SEED, routing: { max_attempts: 0 } }, 'routing.max_attempts: expected an integer of at least 1, found 0'],
      [{ ...SEED, routing: { cooldown_ms: 'soon' } }, 'routing.cooldown_ms: expected an integer of at least 0, found "soon"'],
      [{ ...SEED, routing: { max_response_bytes: 100 } }, 'routing.max_response_bytes: expected an integer of at least 1024, found 100'],
      [{ ...SEED, routing: { max_event_bytes: 1.5 } }, 'routing.max_event_bytes: expected an integer of at least 1024, found 1.5'],
      [{ ...SEED, models: [{ ...SEED.models[0], context_size: 0 }] }, 'models[0].context_size: expected an integer greater than 0, found 0'],
      [{ ...SEED, models: [{ ...SEED.models[0], cost_per_1k: -0.01 }] }, 'models[0].cost_per_1k: expected a number of at least 0, found -0.01'],
      [{ ...SEED, models: [{ ...SEED.models[0], weight: 101 }] }, 'models[0].weight: expected a number from 0 to 100, found 101'],
      [{ ...SEED, models: [{ ...SEED.models[0], cache_read_cost_per_1k: -1 }] }, 'models[0].cache_read_cost_per_1k: expected a number of at least 0, found -1'],
      [{ ...SEED, models: [{ ...SEED.models[0], cache_write_cost_per_1k: 'cheap' }] }, 'models[0].cache_write_cost_per_1k: expected a number of at least 0, found "cheap"'],
      [{ ...SEED, models: [{ ...SEED.models[0], capabilities: ['embedding'], embedding_dimensions: 15.5 }] }, 'models[0].embedding_dimensions: expected an integer greater than 0, found 15.5'],
      [{ ...SEED, models: [{ ...SEED.models[0], provider: 'azure' }] }, 'models[0].provider: expected the name of a configured provider (openai, anthropic, local), found "azure"'],
      [{ ...SEED, models: [{ ...SEED.models[0], capabilities: ['chat', 'telepathy'] }] }, 'models[0].capabilities[1]: expected one of chat, completion, embedding, code, tools, vision, json, reasoning, found "telepathy"'],
      [{ ...SEED, models: [{ ...SEED.models[0], max_output_tokens: 200000 }] }, 'models[0].max_output_tokens: expected at most the context size 128000, found 200000'],
      [{ ...SEED, models: 'gpt-4o' }, 'models: expected an array, found "gpt-4o"'],
      [[1, 2], ': expected an object, found [1,2]'],
    ];
    for (const [raw, expected] of cases) assert.deepEqual(problemsOf(raw), [expected]);
  });

  it('reads allowed origins as browsers send them, and the VS Code webview wildcard', () => {
    const origins = ['http://localhost:3000/', 'HTTPS://Example.COM', 'http://127.0.0.1:80', 'vscode-webview://*', 'vscode-webview://AbC123'];
    const { config } = parseConfig({ ...SEED, server: { allowed_origins: origins } }, {});
    assert.deepEqual(config.server.allowedOrigins, ['http://localhost:3000', 'https://example.com', 'http://127.0.0.1', 'vscode-webview://*', 'vscode-webview://abc123']);
    for (const origin of ['http://localhost:*', 'file:///tmp', 'vscode-webview://', 'http://user@a.test', 'http://a.test/?x=1', '*']) {
      assert.match(problemsOf({ ...SEED, server: { allowed_origins: [origin] } })[0]!, /^server\.allowed_origins\[0\]: expected an origin such as/, origin);
    }
  });

  it('reads the responses provider option: false for an openai provider, a problem when not a boolean, a warning elsewhere', () => {
    const providers = [{ ...SEED.providers[0], responses: false }, { ...SEED.providers[1], responses: false }, SEED.providers[2]];
    const { config, warnings } = parseConfig({ ...SEED, providers }, {});
    assert.equal(config.providers[0]!.responses, false);
    assert.equal(config.providers[1]!.responses, undefined);
    assert.deepEqual(warnings.map((w) => w.path), ['providers[1].responses']);
    assert.deepEqual(problemsOf({ ...SEED, providers: [{ ...SEED.providers[0], responses: 'no' }, SEED.providers[1], SEED.providers[2]] }), [
      'providers[0].responses: expected true or false (whether the server has the Responses API), found "no"',
    ]);
  });

  it('finds duplicates across providers and models', () => {
    const problems = problemsOf({
      providers: [...SEED.providers, { name: 'openai', type: 'openai' }],
      models: [SEED.models[0], { ...SEED.models[0], name: 'other' }],
    });
    assert.deepEqual(problems, [
      'providers[3].name: expected a name not used by another provider (providers[0] has it), found "openai"',
      'models[1].id: expected an id not used by another model (models[0] has it), found "gpt-4o"',
    ]);
  });

  it('lists every problem at once, in one message that says what to do', () => {
    const raw = {
      server: { port: 'eighty' },
      providers: [{ name: 'x', type: 'gemini' }, { name: 'y', type: 'vllm', base_url: 'ftp://y' }],
      models: [{ id: 'm', provider: 'z', name: 'm', context_size: -5, cost_per_1k: -1 }],
    };
    let error: unknown;
    try {
      parseConfig(raw, {});
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 6);
    assert.match(error.message, /has 6 problems and was not applied/);
    for (const p of error.problems) assert.ok(error.message.includes(`${p.path}: expected ${p.expected}, found ${p.found}`));
    assert.match(error.message, /Fix them and reload/);
  });

  it('warns about unknown fields without refusing the config', () => {
    const { warnings } = parseConfig({ ...SEED, colour: 'blue', server: { ...SEED.server, prot: 1 }, providers: [{ ...SEED.providers[0], region: 'eu' }, SEED.providers[1], SEED.providers[2]] }, {});
    assert.deepEqual(
      warnings.map((w) => w.path),
      ['colour', 'server.prot', 'providers[0].region'],
    );
    assert.match(warnings[0].message, /unknown field "colour"/);
  });

  it('expands ${ENV} in every string value, numbers included', () => {
    const env = { HOST: '0.0.0.0', PORT: '9090', VLLM: 'http://gpu:8000', MODEL: 'qwen3' };
    const { config } = parseConfig(
      {
        server: { host: '${HOST}', port: '${PORT}' },
        providers: [{ name: 'local', type: 'vllm', base_url: '${VLLM}/v1' }],
        models: [{ id: 'q', provider: 'local', name: '${MODEL}-coder', context_size: 32768 }],
      },
      env,
    );
    assert.equal(config.server.host, '0.0.0.0');
    assert.equal(config.server.port, 9090);
    assert.equal(config.providers[0].baseUrl, 'http://gpu:8000/v1');
    assert.equal(config.models[0].name, 'qwen3-coder');
  });

  it('never shows a value that came from ${ENV} in a problem, only its reference, in every field', () => {
    const K = 'sk-ENVCANARY-0123456789abcdef';
    const env = { K, LINK: `a.test/${K}` };
    const ref = '${K}';
    const provider = { name: 'p', type: 'vllm', base_url: 'http://127.0.0.1:8000/v1' };
    const model = { id: 'm', provider: 'p', name: 'm', context_size: 8000 };
    const cases: [unknown, string][] = [
      [{ server: { port: ref } }, 'server.port: expected an integer from 0 to 65535, found the value of ${K}'],
      [{ server: { host: '${EMPTY}' } }, 'server.host: expected a non-empty string, found the value of ${EMPTY}'],
      [{ server: { max_body_bytes: ref } }, 'server.max_body_bytes: expected an integer of at least 1, found the value of ${K}'],
      [{ server: { api_token_env: ref } }, 'server.api_token_env: expected an environment variable name (letters, digits, _), found the value of ${K}'],
      [{ server: { allowed_origins: [ref] } }, 'server.allowed_origins[0]: expected an origin such as "http://localhost:3000", or "vscode-webview://*" for any VS Code webview (scheme, host and port only), found the value of ${K}'],
      [{ server: { allowed_origins: ['http://${K}.test/path'] } }, 'server.allowed_origins[0]: expected an origin such as "http://localhost:3000", or "vscode-webview://*" for any VS Code webview (scheme, host and port only), found the expansion of "http://${K}.test/path"'],
      [{ vault: { encryption_key_env: ref } }, 'vault.encryption_key_env: expected an environment variable name (letters, digits, _), found the value of ${K}'],
      ...['max_attempts', 'request_timeout_ms', 'first_token_timeout_ms', 'idle_timeout_ms', 'cooldown_ms', 'max_response_bytes', 'max_event_bytes'].map(
        (field): [unknown, string] => [{ routing: { [field]: ref } }, `routing.${field}: expected an integer of at least ${field === 'cooldown_ms' ? 0 : field.startsWith('max_') && field !== 'max_attempts' ? 1024 : 1}, found the value of \${K}`],
      ),
      [{ providers: [{ ...provider, type: ref }] }, 'providers[0].type: expected one of openai, anthropic, vllm, found the value of ${K}'],
      [{ providers: [{ ...provider, base_url: ref }] }, 'providers[0].base_url: expected an http(s) URL, found the value of ${K}'],
      [{ providers: [{ ...provider, api_key_env: ref }] }, 'providers[0].api_key_env: expected an environment variable name (letters, digits, _), found the value of ${K}'],
      [{ providers: [provider, { ...provider, name: ref }, { ...provider, name: ref }] }, 'providers[2].name: expected a name not used by another provider (providers[1] has it), found the value of ${K}'],
      [{ providers: [{ ...provider, name: ref }], models: [{ ...model, provider: 'nobody' }] }, 'models[0].provider: expected the name of a configured provider (${K}), found "nobody"'],
      [{ providers: [provider], models: [{ ...model, provider: ref }] }, 'models[0].provider: expected the name of a configured provider (p), found the value of ${K}'],
      [{ providers: [provider], models: [model, { ...model, id: ref }, { ...model, id: ref }] }, 'models[2].id: expected an id not used by another model (models[1] has it), found the value of ${K}'],
      [{ providers: [provider], models: [{ ...model, context_size: ref }] }, 'models[0].context_size: expected an integer greater than 0, found the value of ${K}'],
      [{ providers: [provider], models: [{ ...model, weight: ref }] }, 'models[0].weight: expected a number from 0 to 100, found the value of ${K}'],
      [{ providers: [provider], models: [{ ...model, capabilities: [ref] }] }, `models[0].capabilities[0]: expected one of ${CAPABILITIES.join(', ')}, found the value of \${K}`],
      [{ providers: [provider], models: [{ ...model, context_size: '${SIZE}', max_output_tokens: 9000 }] }, 'models[0].max_output_tokens: expected at most the context size (the value of ${SIZE}), found 9000'],
      [{ providers: [{ ...provider, base_url: '${LINK}' }] }, 'providers[0].base_url: expected an http(s) URL, found the value of ${LINK}'],
    ];
    for (const [raw, expected] of cases) {
      const problems = problemsOf(raw, { ...env, EMPTY: '', SIZE: '4000' });
      assert.ok(problems.includes(expected), `${expected}\nnot in\n${problems.join('\n')}`);
      for (const problem of problems) assert.ok(!problem.includes(K.slice(3)), `the value leaked: ${problem}`);
      try {
        parseConfig(raw, env);
      } catch (error) {
        assert.ok(!(error as Error).message.includes(K.slice(3)), `the value leaked: ${(error as Error).message}`);
      }
    }
  });

  it('looks variables and stored key names up as own properties only', () => {
    assert.deepEqual(problemsOf({ server: { host: '${toString}' } }), [
      'server.host: expected environment variable toString to be set (referenced as ${toString}), found "${toString}"',
    ]);
    // JSON.parse makes "__proto__" an own key, as a config file read from disk has it.
    const vault = JSON.parse('{"stored_keys": {"__proto__": "sealed-proto", "constructor": "sealed-c"}}') as unknown;
    const { config } = parseConfig({ vault, providers: SEED.providers, models: SEED.models }, {});
    assert.deepEqual(Object.keys(config.vault.storedKeys).sort(), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(config.vault.storedKeys, '__proto__')?.value, 'sealed-proto');
  });

  it('reports an unset variable with its path, except in fields that only say where a key is', () => {
    assert.deepEqual(problemsOf({ providers: [{ name: 'l', type: 'vllm', base_url: '${VLLM_URL}' }] }), [
      'providers[0].base_url: expected environment variable VLLM_URL to be set (referenced as ${VLLM_URL}), found "${VLLM_URL}"',
    ]);
    const { config, warnings } = parseConfig({ providers: [{ name: 'l', type: 'vllm', api_key_env: '${KEY_VAR}' }], models: [{ id: 'm', provider: 'l', name: 'm', context_size: 8 }] }, {});
    assert.equal(config.providers[0].apiKeyEnv, undefined);
    assert.deepEqual(warnings.map((w) => w.path), ['providers[0].api_key_env']);
  });

  it('uses present providers and the catalogue when none are configured', () => {
    const { config } = parseConfig({}, { ANTHROPIC_API_KEY: 'k' }, { storedKeyNames: [] });
    assert.deepEqual(config.providers.map((p) => p.name), ['anthropic']);
    assert.ok(config.models.length > 0 && config.models.every((m) => m.provider === 'anthropic'));
    const withVault = parseConfig({ providers: [{ name: 'openai', type: 'openai' }] }, {});
    assert.ok(withVault.config.models.some((m) => m.id === 'gpt-5.5'));
  });
});

describe('config: defaultConfig and the catalogue', () => {
  it('includes the providers whose keys are in the env or the vault, with their catalogue models', () => {
    assert.deepEqual(defaultConfig({}).providers, []);
    const both = defaultConfig({ OPENAI_API_KEY: 'sk' }, ['anthropic']);
    assert.deepEqual(both.providers.map((p) => p.name), ['openai', 'anthropic']);
    assert.equal(both.models.length, CATALOGUE.length);
    assert.equal(defaultConfig({ OPENAI_API_KEY: '' }).providers.length, 0, 'an empty key is no key');
  });

  it('stores a consistent blend and sane sizes for every catalogued model', () => {
    for (const m of CATALOGUE) {
      // An embedding model has only an input price: its blend is that price.
      const output = m.output_cost_per_1k ?? m.input_cost_per_1k;
      assert.ok(Math.abs(m.cost_per_1k - (3 * m.input_cost_per_1k + output) / 4) < 1e-12, m.name);
      if (m.capabilities.includes('embedding')) assert.equal(m.max_output_tokens, undefined, m.name);
      else assert.ok(m.max_output_tokens !== undefined && m.context_size > m.max_output_tokens && m.max_output_tokens > 0, m.name);
      assert.ok(m.weight >= 0 && m.weight <= 100, m.name);
    }
  });
});

describe('config: files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenhub-config-'));

  it('loads a valid file', async () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '\uFEFF' + JSON.stringify(SEED, null, 2));
    const { config } = await loadConfigFile(path, {});
    assert.equal(config.models[0].id, 'gpt-4o');
  });

  it('reports JSON syntax errors with the file, line and column', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{\n  "server": { "port": 8080, },\n  "providers": []\n}\n');
    await assert.rejects(loadConfigFile(path, {}), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.source, path);
      assert.match(error.problems[0].found, /at line 2, column 29$/);
      assert.ok(error.message.includes(path));
      return true;
    });
  });

  it('reports truncated input at its end, and validation problems with the file', () => {
    assert.throws(() => parseConfigText('{\n "server": {', {}, {}, 'cut.json'), /line 2, column 13/);
    assert.throws(() => parseConfigText('{"server": {"port": 1e6}}', {}, {}, 'big.json'), /big\.json has 1 problem[\s\S]*server\.port/);
  });

  it('reports a missing file', async () => {
    await assert.rejects(loadConfigFile(join(dir, 'nope.json'), {}), /expected a readable JSON file, found ENOENT/);
  });
});

describe('wellKnownProviders', () => {
  it('lists OpenAI and Anthropic with their key variables whether or not a key is present, as copies', () => {
    const first = wellKnownProviders();
    assert.deepEqual(first, [
      { name: 'openai', type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
      { name: 'anthropic', type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
    ]);
    (first[0] as { name: string }).name = 'changed';
    assert.equal(wellKnownProviders()[0]?.name, 'openai');
  });
});
