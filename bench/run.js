#!/usr/bin/env node
// Runs the benchmarks one after another and records what they print in bench/RESULTS.md,
// with the machine and the date. `npm run bench` runs them all; `npm run bench -- sse tokens`
// runs the named ones and keeps the other sections of RESULTS.md as they were.
//
// Each benchmark is bundled with esbuild and run by plain node, as the product ships (dist/ is an
// esbuild bundle too): code run through tsx's per-file transform measured up to 2× slower in
// tight loops, which would benchmark the loader rather than Tokenhub. Bundles go to
// .bench-out/ (a sibling of bench/, so paths relative to __dirname still hold); packages stay
// external and resolve from node_modules.
'use strict';
const { spawnSync, execSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ORDER = ['routing', 'tokens', 'sse', 'vault', 'server'];
const here = __dirname;
const outDir = path.join(here, '..', '.bench-out');

/** Bundles every bench/*.ts (benchmarks and the processes they spawn) into .bench-out/. */
function bundle() {
  const entryPoints = fs.readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(here, f));
  require('esbuild').buildSync({ entryPoints, outdir: outDir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
}
const results = path.join(here, 'RESULTS.md');

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = execSync("lscpu | sed -n 's/^Model name: *//p'", { encoding: 'utf8' }).trim() || cpu;
  } catch {
    // lscpu is optional; os.cpus() is enough.
  }
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

function readSections() {
  const sections = new Map();
  if (!fs.existsSync(results)) return sections;
  const text = fs.readFileSync(results, 'utf8');
  for (const part of text.split(/^## /m).slice(1)) {
    const name = part.slice(0, part.indexOf('\n')).trim();
    sections.set(name, `## ${part.trimEnd()}\n`);
  }
  return sections;
}

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : ORDER.filter((n) => fs.existsSync(path.join(here, `${n}.ts`)));
const sections = readSections();
bundle();
let failed = 0;
for (const name of names) {
  const file = path.join(here, `${name}.ts`);
  if (!fs.existsSync(file)) {
    console.error(`bench: no benchmark named "${name}" (${path.relative(process.cwd(), file)})`);
    failed++;
    continue;
  }
  console.log(`\n=== bench/${name}.ts`);
  const run = spawnSync(process.execPath, ['--expose-gc', path.join(outDir, `${name}.js`)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    console.error(`bench/${name}.ts exited with ${run.status}`);
    failed++;
    continue;
  }
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  sections.set(name, `## ${name}\n\nRun ${date} on ${machine()}; \`npm run bench -- ${name}\`.\n\n\`\`\`\n${run.stdout.trim()}\n\`\`\`\n`);
}
const ordered = [...ORDER.filter((n) => sections.has(n)), ...[...sections.keys()].filter((n) => !ORDER.includes(n))];
const body = ordered.map((n) => sections.get(n)).join('\n');
fs.writeFileSync(
  results,
  `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.js) from what each benchmark printed; targets are in each benchmark's output. Figures vary between runs by several percent on a shared 2-core machine.\n\n${body}`,
);
process.exitCode = failed ? 1 : 0;
