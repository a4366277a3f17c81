/**
 * Millrace's ARM export against the facts of real `adf_publish` exports of public factories (see
 * test/fixtures/arm-parity/README.md): each case is a small source factory reconstructed from the repository
 * at the commit ADF published, and expected.json the facts of ADF's export of that commit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBuildArtifact } from './build-artifact.js';
import type { SourceText } from './build-artifact.js';

const ROOT = path.resolve(import.meta.dirname, '../../../test/fixtures/arm-parity');

interface ResourceFact {
  readonly key: string;
  readonly dependsOn: readonly string[];
}
interface ParameterFact {
  readonly name: string;
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly metadata?: string;
}
interface Expected {
  readonly source: { readonly publishedFactories?: readonly string[] };
  readonly factoryName: string;
  readonly resources: readonly ResourceFact[];
  readonly parameters: readonly ParameterFact[];
  readonly parameterFile: Readonly<Record<string, unknown>>;
  readonly linkedTemplates: {
    readonly master: {
      readonly parameters: readonly string[];
      readonly deployments: readonly {
        name: string;
        dependsOn: readonly string[];
        uri: string;
        parameters: readonly string[];
      }[];
    };
    readonly parts: readonly { resources: readonly ResourceFact[]; parameters: readonly string[] }[];
  };
  readonly globalParametersFile?: unknown;
  /** Each linked service's `typeProperties` in ADF's export (where the secrets and parameters sit). */
  readonly linkedServiceTypeProperties: Readonly<Record<string, unknown>>;
}

function walk(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? walk(dir, r) : [r];
  });
}

type Json = Record<string, unknown>;
type Resource = { name: string; type: string; dependsOn: string[] };

function build(name: string): { files: ReadonlyMap<string, string>; expected: Expected } {
  const expected = JSON.parse(readFileSync(path.join(ROOT, name, 'expected.json'), 'utf8')) as Expected;
  const root = path.join(ROOT, name, 'factory');
  const all: SourceText[] = walk(root).map((p) => ({
    path: p,
    text: readFileSync(path.join(root, p), 'utf8'),
  }));
  const publishConfig = all.find((f) => f.path === 'publish_config.json');
  const artifact = createBuildArtifact({
    factoryName: expected.factoryName,
    files: all.filter((f) => f.path.includes('/')),
    notebooks: [],
    ...(publishConfig ? { publishConfig } : {}),
    ...(expected.source.publishedFactories ? { publishedFactories: expected.source.publishedFactories } : {}),
    version: { label: 'test' },
  });
  return { files: artifact.files, expected };
}

const json = (files: ReadonlyMap<string, string>, file: string): Json => {
  const text = files.get(file);
  if (text === undefined)
    throw new Error(`${file} was not written; written: ${[...files.keys()].join(', ')}`);
  return JSON.parse(text) as Json;
};

/** `pipelines/P` of `[concat(parameters('factoryName'), '/P')]` + type; `datasets/D` of a dependsOn entry. */
const keyOf = (r: Resource): string =>
  `${r.type.replace('Microsoft.DataFactory/factories/', '')}/${/'\/(.*)'\)\]$/.exec(r.name)?.[1] ?? ''}`;
const depOf = (d: string): string => /'\/(.*)'\)\]$/.exec(d)?.[1] ?? d;
const facts = (resources: readonly Resource[]): ResourceFact[] =>
  resources
    .map((r) => ({ key: keyOf(r), dependsOn: r.dependsOn.map(depOf).sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
const sortedFacts = (rs: readonly ResourceFact[]): ResourceFact[] =>
  [...rs].sort((a, b) => (a.key < b.key ? -1 : 1));

const parameterFacts = (template: Json): ParameterFact[] =>
  Object.entries(template['parameters'] as Record<string, Json>).map(([name, spec]) => ({
    name,
    type: spec['type'] as string,
    ...('defaultValue' in spec ? { defaultValue: spec['defaultValue'] } : {}),
    ...('metadata' in spec && name !== 'factoryName' ? { metadata: spec['metadata'] as string } : {}),
  }));

/** ADF orders a template's parameters secure first, then by the (unreproducible) order of its resources. */
const secureFirst = (ps: readonly ParameterFact[]): string[] =>
  ps.map((p) => (p.type.startsWith('secure') ? 's' : 'p'));

const CASES = [
  'alesaez-adf-cicd',
  'knauf-rna-lab',
  'covid-reporting',
  'florant32-adfdemo2first',
  'padigopula-adfcdci',
];

describe.each(CASES)('ARM parity with ADF publish: %s', (name) => {
  const { files, expected } = build(name);
  const template = json(files, 'ARMTemplateForFactory.json');
  const resources = template['resources'] as Resource[];

  it('has the same resources with the same dependsOn', () => {
    expect(facts(resources)).toEqual(sortedFacts(expected.resources));
  });

  it('has the same parameters: names, types, defaults, metadata; factoryName first, secure ones next', () => {
    const actual = parameterFacts(template);
    const byName = (ps: readonly ParameterFact[]): ParameterFact[] =>
      [...ps].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(byName(actual)).toEqual(byName(expected.parameters));
    expect(actual[0]?.name).toBe('factoryName');
    expect(secureFirst(actual)).toEqual(secureFirst(expected.parameters));
    const file = json(files, 'ARMTemplateParametersForFactory.json')['parameters'] as Record<string, Json>;
    expect(Object.fromEntries(Object.entries(file).map(([k, v]) => [k, v['value']]))).toEqual(
      expected.parameterFile,
    );
  });

  it("writes each linked service's typeProperties as ADF does (secrets, parameter references)", () => {
    const actual = Object.fromEntries(
      resources
        .filter((r) => r.type.endsWith('/linkedServices'))
        .map((r) => [
          keyOf(r).slice('linkedServices/'.length),
          (r as unknown as { properties: Json }).properties['typeProperties'] ?? {},
        ]),
    );
    expect(actual).toEqual(expected.linkedServiceTypeProperties);
  });

  it('writes linkedTemplates/ as ADF does: file names, part sizes, master deployments', () => {
    const { master, parts } = expected.linkedTemplates;
    const written = [...files.keys()].filter((f) => f.startsWith('linkedTemplates/')).sort();
    expect(written).toEqual(
      [
        'linkedTemplates/ArmTemplateParameters_master.json',
        'linkedTemplates/ArmTemplate_master.json',
        ...parts.map((_, i) => `linkedTemplates/ArmTemplate_${i}.json`),
      ].sort(),
    );
    const m = json(files, 'linkedTemplates/ArmTemplate_master.json');
    expect(Object.keys(m['parameters'] as Json).sort()).toEqual([...master.parameters].sort());
    const deployments = m['resources'] as {
      name: string;
      dependsOn: string[];
      properties: { templateLink: { uri: string }; parameters: Json };
    }[];
    // Exports before ~2021 name the deployments `ArmTemplate_<n>`, current ones `<factory>_ArmTemplate_<n>`
    // (Millrace writes the current form): compared without the factory prefix.
    const bare = (s: string): string => s.split(`${expected.factoryName}_`).join('');
    expect(deployments.map((d) => d.name)).toEqual(
      master.deployments.map((_, i) => `${expected.factoryName}_ArmTemplate_${i}`),
    );
    expect(
      deployments.map((d) => [bare(d.name), d.dependsOn.map(bare), d.properties.templateLink.uri]),
    ).toEqual(master.deployments.map((d) => [bare(d.name), d.dependsOn.map(bare), d.uri]));
    const masterParams = json(files, 'linkedTemplates/ArmTemplateParameters_master.json')[
      'parameters'
    ] as Json;
    expect(Object.keys(masterParams).sort()).toEqual([...master.parameters].sort());
    const actualParts = parts.map((_, i) => json(files, `linkedTemplates/ArmTemplate_${i}.json`));
    if (parts.length === 1)
      expect(facts(actualParts[0]?.['resources'] as Resource[])).toEqual(
        sortedFacts(parts[0]?.resources ?? []),
      );
    expect(actualParts.map((p) => (p['resources'] as unknown[]).length)).toEqual(
      parts.map((p) => p.resources.length),
    );
    // Every resource is in exactly one part; a part's dependsOn stays inside the part.
    const inParts = actualParts.flatMap((p) => (p['resources'] as Resource[]).map(keyOf));
    expect([...inParts].sort()).toEqual(facts(resources).map((r) => r.key));
    for (const p of actualParts) {
      const keys = new Set((p['resources'] as Resource[]).map(keyOf));
      for (const r of p['resources'] as Resource[])
        for (const d of r.dependsOn) expect(keys).toContain(depOf(d));
      // A part declares exactly the parameters its resources use.
      const used = new Set(
        [...JSON.stringify(p['resources']).matchAll(/parameters\('([^']+)'\)/g)].map((x) => x[1]),
      );
      used.add('factoryName');
      expect(Object.keys(p['parameters'] as Json).sort()).toEqual([...used].sort());
    }
  });

  it('writes the global parameters file ADF writes when they are not in the template', () => {
    if (expected.globalParametersFile === undefined) return;
    expect(json(files, `globalParameters/${expected.factoryName}_GlobalParameters.json`)).toEqual(
      expected.globalParametersFile,
    );
    expect(resources.some((r) => r.type.endsWith('/globalparameters'))).toBe(false);
  });
});

describe('linked-template split of a large factory (covid-reporting)', () => {
  const { files, expected } = build('covid-reporting');
  const part = (i: number): string[] =>
    (json(files, `linkedTemplates/ArmTemplate_${i}.json`)['resources'] as Resource[]).map(keyOf).sort();
  const adfPart = (i: number): string[] =>
    (expected.linkedTemplates.parts[i]?.resources ?? []).map((r) => r.key).sort();

  it('orders by dependency depth as ADF does: the same first and last parts where depth decides them', () => {
    // Depth 0 (the 7 linked services without dependencies) opens part 0 in ADF's export and in ours.
    const lsInAdf = adfPart(0).filter((k) => k.startsWith('linkedServices/'));
    expect(part(0).filter((k) => k.startsWith('linkedServices/'))).toEqual(lsInAdf);
    // The deepest resources (triggers on triggers on triggers) are the last part, alone, with no dependsOn
    // left inside it (their dependencies are in part 1, which the master deploys first).
    expect(part(2)).toEqual(adfPart(2));
    const last = json(files, 'linkedTemplates/ArmTemplate_2.json')['resources'] as Resource[];
    expect(facts(last)).toEqual(sortedFacts(expected.linkedTemplates.parts[2]?.resources ?? []));
  });
});
