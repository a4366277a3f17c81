/**
 * `npm run bench`: runs every suite, prints a table and writes it to bench/results/latest.md.
 * Figures are reported with a ratio against a baseline measured in the same run. Pick suites with
 * `npm run bench -- expressions engine`.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './bench-result.js';
import { benchData } from './data.js';
import { benchEngine } from './engine.js';
import { benchEngineBaselines } from './engine-baselines.js';
import { benchExpressions } from './expressions.js';
import { benchStartup } from './startup.js';
import { benchTriggers } from './triggers.js';
import { benchValidate } from './validate.js';
import { benchServer } from './server.js';
import { benchNotebooks } from './notebooks.js';
import { benchMl } from './ml.js';
import { benchServing } from './serving.js';

const suites: BenchSuite[] = [
  { name: 'startup', run: benchStartup },
  { name: 'expressions', run: benchExpressions },
  { name: 'validate', run: benchValidate },
  { name: 'engine', run: benchEngine },
  { name: 'engine-baselines', run: benchEngineBaselines },
  { name: 'data', run: benchData },
  { name: 'triggers', run: benchTriggers },
  { name: 'server', run: benchServer },
  { name: 'notebooks', run: benchNotebooks },
  { name: 'ml', run: benchMl },
  { name: 'serving', run: benchServing },
];

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 1000 ? Math.round(n).toLocaleString('en-US') : abs >= 10 ? n.toFixed(1) : n.toPrecision(3);
}

function row(suite: string, r: BenchResult): string {
  const ratio = r.baseline ? `${fmt(r.value / r.baseline.value)}×` : '';
  const base = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '';
  return `| ${suite} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${base} | ${ratio} | ${r.target ?? ''} | ${r.note ?? ''} |`;
}

const wanted = process.argv.slice(2);
const lines = [
  `# Millrace benchmarks`,
  '',
  `Node ${process.version}, ${new Date().toISOString()}. Ratio = value / baseline (same run).`,
  '',
  '| suite | measure | value | baseline | ratio | target | note |',
  '|---|---|---|---|---|---|---|',
];
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  for (const r of await suite.run()) {
    const line = row(suite.name, r);
    lines.push(line);
    process.stdout.write(`${line}\n`);
  }
}
const dir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}latest.md.tmp`, `${lines.join('\n')}\n`);
renameSync(`${dir}latest.md.tmp`, `${dir}latest.md`);
process.stderr.write(`bench: wrote bench/results/latest.md\n`);
