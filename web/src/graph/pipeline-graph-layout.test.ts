import { describe, expect, it } from 'vitest';
import { layoutPipelineGraph } from './pipeline-graph-layout.js';

describe('layoutPipelineGraph', () => {
  const activities = [
    { name: 'A', type: 'Wait', dependsOn: [] },
    { name: 'B', type: 'Wait', dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded'] }] },
    {
      name: 'OnFail',
      type: 'Fail',
      dependsOn: [{ activity: 'A', dependencyConditions: ['Failed', 'Skipped'] }],
    },
    {
      name: 'Loop',
      type: 'ForEach',
      dependsOn: [{ activity: 'B', dependencyConditions: ['Completed'] }],
      typeProperties: {
        activities: [
          { name: 'In1', type: 'Wait' },
          {
            name: 'In2',
            type: 'Wait',
            dependsOn: [{ activity: 'In1', dependencyConditions: ['Succeeded'] }],
          },
        ],
      },
    },
  ];
  it('puts each activity one column right of what it depends on, one edge per condition', () => {
    const g = layoutPipelineGraph(activities);
    const x = Object.fromEntries(g.nodes.map((n) => [n.name, n.x]));
    expect(x['A']).toBe(0);
    expect(x['B']).toBeGreaterThan(x['A']!);
    expect(x['OnFail']).toBe(x['B']);
    expect(x['Loop']).toBeGreaterThan(x['B']!);
    expect(g.edges.map((e) => `${e.from}>${e.to}:${e.condition}`)).toEqual([
      'A>B:Succeeded',
      'A>OnFail:Failed',
      'A>OnFail:Skipped',
      'B>Loop:Completed',
    ]);
  });
  it('draws a container as a box around its own graph', () => {
    const loop = layoutPipelineGraph(activities).nodes.find((n) => n.name === 'Loop')!;
    expect(loop.branches).toHaveLength(1);
    const inner = loop.branches[0]!.graph;
    expect(inner.nodes.map((n) => n.name)).toEqual(['In1', 'In2']);
    expect(loop.w).toBeGreaterThanOrEqual(inner.w);
    expect(loop.h).toBeGreaterThan(inner.h);
  });
  it('tolerates cycles and unknown dependencies', () => {
    const g = layoutPipelineGraph([
      { name: 'X', dependsOn: [{ activity: 'Y' }] },
      { name: 'Y', dependsOn: [{ activity: 'X' }, { activity: 'Nope' }] },
    ]);
    expect(g.nodes).toHaveLength(2);
    expect(g.edges).toHaveLength(2);
  });
});
