// The chaos runner (docs/chaos.md): `npm run chaos -- [--seed n] [--duration s] [--tries n] [--only a,b] [--keep]`.
// Runs each scenario against the built CLI in temp folders (loopback only), prints
// scenario | tries | lost | duplicated | leaked | half-written, and exits 1 if any column but tries is not 0.
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copyScenario } from './copy.js';
import { deployScenario } from './deploy.js';
import { cli, killAll, prng, tempDirs } from './lib.js';
import { runsScenario } from './runs.js';
import { schedulersScenario } from './schedulers.js';
import { secretsScenario } from './secrets.js';

/** name → [scenario, share of the time budget]. */
const scenarios = {
  runs: [runsScenario, 0.25],
  copy: [copyScenario, 0.15],
  deploy: [deployScenario, 0.15],
  schedulers: [schedulersScenario, 0.3],
  secrets: [secretsScenario, 0.15],
};

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    duration: { type: 'string', default: '90' },
    tries: { type: 'string', default: '1000' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const duration = Number(values.duration) * 1000;
const maxTries = Number(values.tries);
const chosen = values.only ? values.only.split(',') : Object.keys(scenarios);
for (const name of chosen)
  if (!scenarios[name])
    throw new Error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first (\`npm run chaos\` does).`);
  process.exit(2);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (killAll(), process.exit(130)));
console.log(
  `chaos: seed ${seed} (replay: npm run chaos -- --seed ${seed}), ${duration / 1000} s, scenarios ${chosen.join(', ')}`,
);
const shares = chosen.reduce((s, n) => s + scenarios[n][1], 0);
const rows = [];
try {
  for (const [i, name] of chosen.entries()) {
    const [scenario, share] = scenarios[name];
    const began = Date.now();
    const end = began + (duration * share) / shares;
    // Each scenario draws from its own stream, so replaying one (`--only`) gives the same kill points.
    const r = await scenario({ rand: prng(seed + i * 7919 + name.length), until: () => end, maxTries });
    r.seconds = Math.round((Date.now() - began) / 1000);
    rows.push(r);
    const seen = Object.entries(r.seen).map(([k, v]) => `${k} ${v}`);
    console.log(`${name} (${r.seconds} s): ${seen.join(', ') || 'no tries'}`);
    for (const note of r.notes) console.log(`  ${name}: ${note}`);
  }
} finally {
  killAll();
}

const cols = ['tries', 'lost', 'duplicated', 'leaked', 'halfWritten'];
const total = {
  scenario: 'total',
  ...Object.fromEntries(cols.map((c) => [c, rows.reduce((s, r) => s + r[c], 0)])),
};
const head = ['scenario', 'tries', 'lost', 'duplicated', 'leaked', 'half-written'];
const lines = [...rows, total].map((r) => [r.scenario, ...cols.map((c) => String(r[c]))]);
const width = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ');
console.log(fmt(head));
console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
for (const l of lines) console.log(fmt(l));
const bad = cols.slice(1).some((c) => total[c] > 0);
console.log(bad ? `FAILED (seed ${seed})` : 'ok: nothing lost, duplicated, leaked or half-written');
if (bad || values.keep) console.log(`kept for inspection: ${tempDirs.join(' ')}`);
else for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
process.exit(bad ? 1 : 0);
