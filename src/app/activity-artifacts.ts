import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ActivityRunRecord } from '../contracts/index.js';
import type { ActivityArtifact, RunDocument } from '../engine/index.js';

/**
 * The files an activity run kept as artifacts (`<artifactDir>/<runId>/<activityRunId>/`, e.g. a notebook's
 * `display()` output), sorted by name, with paths relative to the project; none when the folder is missing.
 */
export function listActivityArtifacts(
  projectRoot: string,
  artifactDir: string,
  runId: string,
  activityRunId: string,
): ActivityArtifact[] {
  const folder = join(artifactDir, runId, activityRunId);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
      .map((e) => e.name);
  } catch {
    return [];
  }
  return names
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => ({ name, path: relative(projectRoot, join(folder, name)).split('\\').join('/') }));
}

/** The run document with each activity run's kept artifacts (`artifacts`, only on runs that kept some). */
export function withArtifacts(
  doc: RunDocument,
  records: readonly ActivityRunRecord[],
  projectRoot: string,
  artifactDir: string,
): RunDocument {
  return {
    ...doc,
    activityRuns: doc.activityRuns.map((a, i) => {
      const record = records[i];
      const artifacts = record
        ? listActivityArtifacts(projectRoot, artifactDir, record.runId, record.activityRunId)
        : [];
      return artifacts.length > 0 ? { ...a, artifacts } : a;
    }),
  };
}
