import { describe, expect, it } from 'vitest';
import { createDiagnostic } from '../errors/index.js';
import { brokenFiles, brokenPipelineError } from './broken-files.js';

const diagnostics = [
  createDiagnostic('error', 'model/invalid-json', 'invalid JSON: unexpected end', {
    file: 'pipeline/Load Sales.json',
    path: [],
    line: 7,
    column: 2,
  }),
  createDiagnostic('error', 'model/not-an-object', 'a resource file must hold a JSON object', {
    file: 'dataset/raw.json',
    path: [],
  }),
  createDiagnostic('error', 'model/missing-property', 'missing required property "name"', {
    file: 'pipeline/other.json',
    path: ['properties'],
  }),
];

describe('broken files', () => {
  it('keeps only files that could not be read as resources', () => {
    expect(brokenFiles(diagnostics).map((b) => b.file)).toEqual([
      'pipeline/Load Sales.json',
      'dataset/raw.json',
    ]);
  });

  it('names the file of the pipeline asked for (case-insensitive), with its line and column', () => {
    const err = brokenPipelineError('load sales', brokenFiles(diagnostics));
    expect(err?.code).toBe('model/invalid-json');
    expect(err?.location).toMatchObject({ file: 'pipeline/Load Sales.json', line: 7, column: 2 });
  });

  it('lists unreadable pipeline files when another pipeline is unknown, and stays out of the way otherwise', () => {
    const err = brokenPipelineError('Nope', brokenFiles(diagnostics));
    expect(err?.code).toBe('run/unknown-pipeline');
    expect(err?.message).toContain('pipeline/Load Sales.json at line 7, column 2');
    expect(err?.message).not.toContain('dataset/raw.json');
    expect(brokenPipelineError('Nope', brokenFiles(diagnostics.slice(1)))).toBeUndefined();
  });
});
