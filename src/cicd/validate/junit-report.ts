import type { Diagnostic } from '../../errors/index.js';
import { formatJsonPath } from '../../errors/index.js';

/** Escapes text for XML content and attribute values (and drops characters XML 1.0 cannot hold). */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** Options of the JUnit report. */
export interface JUnitReportOptions {
  /** Test-suite name. Default `millrace validate`. */
  readonly suiteName?: string;
  /** Also fail test cases on warnings (`--strict`). */
  readonly strict?: boolean;
}

/**
 * JUnit XML for CI systems: one test case per factory file, one `<failure>` per finding (errors, and
 * warnings under `strict`); other warnings are written to `<system-out>`. Findings without a file go to a
 * `(factory)` test case.
 */
export function formatJUnitReport(
  files: readonly string[],
  diagnostics: readonly Diagnostic[],
  options: JUnitReportOptions = {},
): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const f of files) byFile.set(f, []);
  for (const d of diagnostics) {
    const key = d.location.file ?? '(factory)';
    const list = byFile.get(key) ?? [];
    list.push(d);
    byFile.set(key, list);
  }
  const isFailure = (d: Diagnostic): boolean =>
    d.severity === 'error' || (options.strict === true && d.severity === 'warning');
  let failures = 0;
  const cases: string[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const failing = list.filter(isFailure);
    const other = list.filter((d) => !isFailure(d));
    failures += failing.length;
    const body = [
      ...failing.map((d) => {
        const where = `${file}${d.location.line !== undefined ? `:${d.location.line}:${d.location.column ?? 1}` : ''} ${formatJsonPath(d.location.path ?? [])}`;
        return `      <failure message="${escapeXml(d.message)}" type="${escapeXml(d.code)}">${escapeXml(`${d.severity} ${d.code} at ${where}\n${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`)}</failure>`;
      }),
      ...(other.length > 0
        ? [
            `      <system-out>${escapeXml(other.map((d) => `${d.severity} ${d.code} ${formatJsonPath(d.location.path ?? [])}: ${d.message}`).join('\n'))}</system-out>`,
          ]
        : []),
    ];
    const open = `    <testcase classname="${escapeXml(suiteClass(file))}" name="${escapeXml(file)}"`;
    cases.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`);
  }
  const name = escapeXml(options.suiteName ?? 'millrace validate');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function suiteClass(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? 'factory' : file.slice(0, slash);
}
