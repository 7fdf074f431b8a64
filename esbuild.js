// Bundles the extension, the headless CLI and the webview script, and (except with `--production`)
// the in-host test suite into out/test/integration/.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Logs each build's outcome so `--watch` output says when it is ready. */
const reportPlugin = {
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}`);
      }
      if (watch) console.log(`[watch] ${build.initialOptions.outfile ?? build.initialOptions.outdir}: ${result.errors.length ? 'failed' : 'built'}`);
    });
  },
};

/*
 * The tokenizer's encodings are megabytes of tables that only a prompt near a model's limit needs.
 * Inlined, V8 still parses them at every start (about 250 ms for the CLI); kept in files of their
 * own beside the bundle, they are read on the first `require` only.
 */
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const encodingsApart = {
  name: 'encodings-apart',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/(o200k_base|cl100k_base)$/ }, (args) => ({
      path: `./encodings/${args.path.split('/').pop()}.js`,
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [reportPlugin],
};

const builds = [
  {
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [reportPlugin, encodingsApart],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [reportPlugin, encodingsApart],
  },
  {
    ...common,
    entryPoints: Object.fromEntries(ENCODINGS.map((name) => [name, require.resolve(`gpt-tokenizer/encoding/${name}`)])),
    outdir: 'dist/encodings',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
  {
    ...common,
    entryPoints: { panel: 'media/src/panel.ts', ask: 'media/src/ask.ts' },
    outdir: 'dist/media',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/** The in-host suite: its runner and each test file, with `vscode` and `mocha` left to the host. */
function integrationEntries() {
  const dir = 'test/integration';
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((file) => path.join(dir, String(file)).split(path.sep).join('/'))
    .filter((file) => file === `${dir}/index.ts` || file.endsWith('.test.ts'));
}

if (!production) {
  const entryPoints = integrationEntries();
  if (entryPoints.length) {
    builds.push({
      ...common,
      sourcemap: true,
      entryPoints,
      outbase: 'test/integration',
      outdir: 'out/test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    });
  }
}

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
