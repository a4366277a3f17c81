import type { DeployHistory, DeployOutcome, PropertyChange, ResourceChange } from '../../index.js';
import { colors } from '../output.js';

const SIGN = { add: '+', change: '~', remove: '-' } as const;

function value(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

function change(c: PropertyChange): string {
  if (c.op === '+') return `      + ${c.pathText}: ${value(c.after)}`;
  if (c.op === '-') return `      - ${c.pathText}: ${value(c.before)}`;
  return `      ~ ${c.pathText}: ${value(c.before)} → ${value(c.after)}`;
}

function resource(r: ResourceChange, c = colors()): string {
  const paint = r.action === 'add' ? c.green : r.action === 'remove' ? c.red : c.yellow;
  const head = `  ${paint(SIGN[r.action])} ${r.kind}/${r.name}`;
  return [head, ...r.changes.map(change)].join('\n');
}

/**
 * Renders a deploy outcome like `terraform plan`: `+` added, `~` changed (path: old → new), `-` removed.
 * `server` is the `--target` URL of a deploy through a server: the approval hint then names it (the approver
 * is the token's name there, not `--actor`).
 */
export function formatDeployOutcome(o: DeployOutcome, server?: string): string {
  const c = colors();
  const lines = [
    `${o.rollback ? 'Roll back' : 'Deploy'} ${o.version} (${o.bundleHash}) to ${o.environment} (${o.target})`,
    `  current: ${o.current ? `${o.current.id}${o.current.version ? ` (${o.current.version})` : ''}` : 'nothing deployed yet'}`,
    '',
  ];
  if (o.diff.resources.length === 0) lines.push('No changes. The environment is up to date.');
  else {
    lines.push(...o.diff.resources.map((r) => resource(r, c)), '');
    const s = o.diff.summary;
    lines.push(`Plan: ${s.added} to add, ${s.changed} to change, ${s.removed} to remove.`);
    if (o.triggers.stop.length > 0)
      lines.push(`Triggers stopped during the switch: ${o.triggers.stop.join(', ')}`);
    if (o.triggers.restart.length > 0) lines.push(`Triggers started again: ${o.triggers.restart.join(', ')}`);
  }
  if (o.kept && o.kept.length > 0)
    lines.push(`Not in the bundle, kept (deploy with --delete-removed to delete): ${o.kept.join(', ')}`);
  const p = o.pending;
  if (o.status === 'what-if') lines.push('', 'What-if: nothing was changed.');
  else if (o.status === 'applied' && o.deployment)
    lines.push('', `${c.green('✔')} applied as ${o.deployment.id} by ${o.deployment.actor}`);
  else if (o.status === 'pending-approval' && p)
    lines.push(
      '',
      `${c.yellow('!')} ${o.environment} is protected: deployment ${p.id} (requested by ${p.requestedBy}) needs an approval by someone other than ${p.requestedBy}:`,
      server === undefined
        ? `    millrace deploy approve ${p.id} --env ${o.environment} --key <approver's key>`
        : `    millrace deploy approve ${p.id} --target ${server} --env ${o.environment}   # with the approver's token`,
      `  then apply it with --yes.`,
    );
  else if (o.status === 'approved' && p)
    lines.push(
      '',
      `${c.yellow('!')} deployment ${p.id} was approved by ${p.approvedBy ?? '?'}; apply it with --yes`,
    );
  return `${lines.join('\n')}\n`;
}

/** Renders the deploy history, newest first, then the pending approvals. */
export function formatHistory(h: DeployHistory): string {
  const lines = [...h.deployments].reverse().map((d) => {
    const s = d.summary;
    return `${d.id}  ${d.at}  ${d.kind.padEnd(8)} ${d.version}  by ${d.actor}${d.approvedBy ? ` (approved by ${d.approvedBy})` : ''}  +${s.added} ~${s.changed} -${s.removed}`;
  });
  if (lines.length === 0) lines.push('no deployments yet');
  for (const p of h.pending)
    lines.push(
      `pending ${p.id}  ${p.requestedAt}  ${p.version}  requested by ${p.requestedBy}  ${p.approvedBy ? `approved by ${p.approvedBy}` : 'awaiting approval'}`,
    );
  for (const c of (h.closed ?? []).slice(-10))
    lines.push(
      `${c.outcome} ${c.id}  ${c.closedAt}  ${c.version}  requested by ${c.requestedBy}  ${c.outcome} by ${c.closedBy}${c.reason ? `: ${c.reason}` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}
