/**
 * `npm run bench`: runs every suite, prints a table and writes it to bench/results/latest.md.
 * Figures are reported with a ratio against a baseline measured in the same run. Pick suites with
 * `npm run bench -- expressions engine`: their rows in latest.md are replaced, the other suites' rows are kept
 * with the date they were measured.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
import { benchUi } from './ui.js';
import { benchScale } from './scale.js';
import { benchScaleWorkers } from './scale-workers.js';

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
  { name: 'ui', run: benchUi },
  { name: 'scale', run: benchScale },
  { name: 'workers', run: benchScaleWorkers },
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
const dir = fileURLToPath(new URL('results/', import.meta.url));
const file = `${dir}latest.md`;

/** Rows and measurement dates of the suites in the current latest.md (by suite name). */
function previous(): Map<string, { date: string; rows: string[] }> {
  const out = new Map<string, { date: string; rows: string[] }>();
  if (!existsSync(file)) return out;
  const text = readFileSync(file, 'utf8');
  // Files written before per-suite dates had one date in their header.
  const fallback = /\d{4}-\d\d-\d\dT[\d:.]+Z/.exec(text)?.[0] ?? 'earlier';
  const dates = new Map([...text.matchAll(/^- `(\S+)`: measured (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  for (const line of text.split('\n')) {
    const suite = /^\| ([a-z-]+) \|/.exec(line)?.[1];
    if (!suite || suite === 'suite') continue;
    const entry = out.get(suite) ?? { date: dates.get(suite) ?? fallback, rows: [] };
    entry.rows.push(line);
    out.set(suite, entry);
  }
  return out;
}

const kept = wanted.length > 0 ? previous() : new Map<string, { date: string; rows: string[] }>();
const now = new Date().toISOString();
const measured = new Map<string, { date: string; rows: string[] }>();
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  const rows: string[] = [];
  for (const r of await suite.run()) {
    const line = row(suite.name, r);
    rows.push(line);
    process.stdout.write(`${line}\n`);
  }
  measured.set(suite.name, { date: now, rows });
}
const order = [...suites.map((s) => s.name), ...kept.keys()].filter((n, i, a) => a.indexOf(n) === i);
const shown = order.flatMap((n) => {
  const e = measured.get(n) ?? kept.get(n);
  return e ? [[n, e] as const] : [];
});
const lines = [
  `# Millrace benchmarks`,
  '',
  `Node ${process.version}. Ratio = value / baseline (same run). Reproduce with \`npm run bench -- <suite>\`.`,
  '',
  ...shown.map(([n, e]) => `- \`${n}\`: measured ${e.date}`),
  '',
  '| suite | measure | value | baseline | ratio | target | note |',
  '|---|---|---|---|---|---|---|',
  ...shown.flatMap(([, e]) => e.rows),
];
mkdirSync(dir, { recursive: true });
writeFileSync(`${file}.tmp`, `${lines.join('\n')}\n`);
renameSync(`${file}.tmp`, file);
process.stderr.write(`bench: wrote bench/results/latest.md\n`);
