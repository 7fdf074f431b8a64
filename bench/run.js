#!/usr/bin/env node
// Runs the benchmarks one after another and records what they print in bench/RESULTS.md,
// with the machine and the date. `npm run bench` runs them all; `npm run bench -- sse tokens`
// runs the named ones and keeps the other sections of RESULTS.md as they were.
'use strict';
const { spawnSync, execSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ORDER = ['routing', 'tokens', 'sse', 'vault', 'server'];
const here = __dirname;
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
let failed = 0;
for (const name of names) {
  const file = path.join(here, `${name}.ts`);
  if (!fs.existsSync(file)) {
    console.error(`bench: no benchmark named "${name}" (${path.relative(process.cwd(), file)})`);
    failed++;
    continue;
  }
  console.log(`\n=== bench/${name}.ts`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
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
