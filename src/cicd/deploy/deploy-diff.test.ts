import { describe, expect, it } from 'vitest';
import { diffJson, diffSnapshots } from './deploy-diff.js';
import { createSecretMasker } from './secret-mask.js';
import { planTriggers } from './trigger-plan.js';
import type { VersionSnapshot } from './version-snapshot.js';

const mask = createSecretMasker(new Set(['hunter2-secret']));

const trigger = (pipeline: string, runtimeState = 'Started') => ({
  name: 't',
  properties: { runtimeState, pipelines: [{ pipelineReference: { referenceName: pipeline } }] },
});

function snapshot(resources: Record<string, unknown>): VersionSnapshot {
  return {
    resources: new Map(
      Object.entries(resources).map(([key, json]) => {
        const [kind = '', name = ''] = key.split('/');
        return [key, { kind, name, json: json as never }];
      }),
    ),
    notebooks: new Map(),
    environment: {},
  };
}

describe('deploy diff', () => {
  it('lists added, removed and changed properties with their paths', () => {
    const changes = diffJson({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 2, c: [1] }, e: true }, mask);
    expect(changes.map((c) => [c.op, c.pathText, c.before, c.after])).toEqual([
      ['~', 'a.b', 1, 2],
      ['-', 'a.c[1]', 2, undefined],
      ['-', 'd', 'x', undefined],
      ['+', 'e', undefined, true],
    ]);
  });

  it('masks SecureString values and strings holding a known secret', () => {
    const changes = diffJson(
      { pw: { type: 'SecureString', value: 'old' }, cs: 'a' },
      { pw: { type: 'SecureString', value: 'new' }, cs: 'Password=hunter2-secret;' },
      mask,
    );
    expect(changes).toEqual([
      { op: '~', path: ['pw', 'value'], pathText: 'pw.value', before: '***', after: '***' },
      { op: '~', path: ['cs'], pathText: 'cs', before: 'a', after: '***' },
    ]);
  });

  it('leaves unchanged resources out', () => {
    const diff = diffSnapshots(
      snapshot({ 'pipeline/A': { x: 1 }, 'pipeline/B': { x: 1 } }),
      snapshot({ 'pipeline/A': { x: 1 }, 'pipeline/B': { x: 2 }, 'dataset/C': {} }),
      mask,
      'qa',
    );
    expect(diff.resources.map((r) => `${r.action} ${r.kind}/${r.name}`)).toEqual([
      'add dataset/C',
      'change pipeline/B',
    ]);
    expect(diff.summary).toEqual({ added: 1, changed: 1, removed: 0 });
  });
});

describe('trigger plan', () => {
  const current = snapshot({
    'pipeline/P1': { v: 1 },
    'pipeline/P2': { v: 1 },
    'trigger/T1': trigger('P1'),
    'trigger/T2': trigger('P2'),
    'trigger/T3': trigger('P1', 'Stopped'),
    'trigger/T4': trigger('P2'),
  });
  const next = snapshot({
    'pipeline/P1': { v: 2 },
    'pipeline/P2': { v: 1 },
    'trigger/T1': trigger('P1'),
    'trigger/T2': trigger('P2'),
    'trigger/T3': trigger('P1', 'Stopped'),
  });
  const diff = diffSnapshots(current, next, mask, 'qa');

  it('stops the running triggers whose pipelines change or that are removed, and restarts the survivors', () => {
    const plan = planTriggers(current, next, diff, { states: new Map(), layers: [], interrupted: [] });
    expect(plan).toEqual({ stop: ['T1', 'T4'], restart: ['T1'] });
  });

  it('honours the store state and the environment runtimeState override', () => {
    const layers = [
      {
        format: 'millrace' as const,
        file: 'qa.json',
        spec: { overrides: [], triggers: { T1: { runtimeState: 'Stopped' as const } } },
      },
    ];
    const plan = planTriggers(current, next, diff, {
      states: new Map([['T3', 'Started' as const]]),
      layers,
      interrupted: ['T2'],
    });
    expect(plan).toEqual({ stop: ['T1', 'T3', 'T4'], restart: ['T2', 'T3'] });
  });
});
