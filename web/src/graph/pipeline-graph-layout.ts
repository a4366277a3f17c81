/** Dependency conditions of ADF (https://learn.microsoft.com/azure/data-factory/tutorial-pipeline-failure-error-handling). */
export const CONDITIONS = ['Succeeded', 'Failed', 'Completed', 'Skipped'] as const;

/** A laid-out activity: its box, and the boxes of its containers' inner activities (nested groups). */
export interface GraphNode {
  readonly name: string;
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Inner branches of a container (ForEach/Until: one; If: true/false; Switch: per case), laid out inside. */
  readonly branches: readonly {
    readonly label: string;
    readonly graph: GraphLayout;
    readonly dx: number;
    readonly dy: number;
  }[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly condition: string;
}

export interface GraphLayout {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly w: number;
  readonly h: number;
}

interface ActivityJson {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly dependsOn?: readonly { activity?: unknown; dependencyConditions?: readonly unknown[] }[];
  readonly typeProperties?: Record<string, unknown>;
}

const NODE_W = 170;
const NODE_H = 44;
const GAP_X = 60;
const GAP_Y = 20;
const PAD = 12;
/** A container's heading (its name and type), and each branch's label line above the branch. */
const HEAD = 44;
const LABEL_H = 20;
const BRANCH_GAP = 8;

const asActivities = (v: unknown): ActivityJson[] => (Array.isArray(v) ? (v as ActivityJson[]) : []);

/** The inner activity lists of a container activity, labelled. */
export function branchesOf(a: ActivityJson): { label: string; activities: ActivityJson[] }[] {
  const tp = a.typeProperties ?? {};
  switch (a.type) {
    case 'ForEach':
    case 'Until':
      return [
        { label: a.type === 'ForEach' ? 'each item' : 'loop', activities: asActivities(tp['activities']) },
      ];
    case 'IfCondition':
      return [
        { label: 'true', activities: asActivities(tp['ifTrueActivities']) },
        { label: 'false', activities: asActivities(tp['ifFalseActivities']) },
      ];
    case 'Switch': {
      const cases = Array.isArray(tp['cases'])
        ? (tp['cases'] as { value?: unknown; activities?: unknown }[])
        : [];
      return [
        ...cases.map((c) => ({ label: `case ${String(c.value)}`, activities: asActivities(c.activities) })),
        { label: 'default', activities: asActivities(tp['defaultActivities']) },
      ];
    }
    default:
      return [];
  }
}

/**
 * Lays out activities left to right by dependency depth (an activity sits one column right of the deepest one
 * it depends on); a container is a box holding its branches' own layouts, stacked. Unknown dependencies and
 * cycles are tolerated (the validator reports them); they just do not move the activity.
 */
export function layoutPipelineGraph(activities: unknown): GraphLayout {
  const list = asActivities(activities).filter((a) => typeof a.name === 'string');
  const byName = new Map(list.map((a) => [a.name as string, a]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    let d = 0;
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      if (typeof dep.activity === 'string' && byName.has(dep.activity))
        d = Math.max(d, depthOf(dep.activity, seen) + 1);
    }
    depth.set(name, d);
    return d;
  };
  const sized = list.map((a) => {
    const branches = branchesOf(a).map((b) => ({ label: b.label, graph: layoutPipelineGraph(b.activities) }));
    const innerW = Math.max(0, ...branches.map((b) => b.graph.w));
    const innerH = branches.reduce((s, b) => s + LABEL_H + b.graph.h + BRANCH_GAP, 0);
    const w = branches.length === 0 ? NODE_W : Math.max(NODE_W, innerW + 2 * PAD);
    const h = branches.length === 0 ? NODE_H : HEAD + innerH + PAD - BRANCH_GAP;
    return { a, name: a.name as string, branches, w, h, d: depthOf(a.name as string, new Set()) };
  });
  const columns: (typeof sized)[] = [];
  for (const s of sized) (columns[s.d] ??= []).push(s);
  const nodes: GraphNode[] = [];
  let x = 0;
  let height = 0;
  for (const column of columns) {
    if (!column) continue;
    let y = 0;
    const colW = Math.max(...column.map((s) => s.w));
    for (const s of column) {
      let by = HEAD;
      const branches = s.branches.map((b) => {
        const placed = { label: b.label, graph: b.graph, dx: PAD, dy: by + LABEL_H };
        by += LABEL_H + b.graph.h + BRANCH_GAP;
        return placed;
      });
      nodes.push({
        name: s.name,
        type: typeof s.a.type === 'string' ? s.a.type : '',
        x,
        y,
        w: s.w,
        h: s.h,
        branches,
      });
      y += s.h + GAP_Y;
    }
    height = Math.max(height, y - GAP_Y);
    x += colW + GAP_X;
  }
  const edges: GraphEdge[] = [];
  for (const a of list) {
    for (const dep of a.dependsOn ?? []) {
      if (typeof dep.activity !== 'string' || !byName.has(dep.activity)) continue;
      const conditions = dep.dependencyConditions?.length ? dep.dependencyConditions : ['Succeeded'];
      for (const c of conditions)
        edges.push({ from: dep.activity, to: a.name as string, condition: String(c) });
    }
  }
  return { nodes, edges, w: Math.max(0, x - GAP_X), h: Math.max(0, height) };
}
