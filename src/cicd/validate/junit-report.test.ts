import { describe, expect, it } from 'vitest';
import { createDiagnostic } from '../../errors/index.js';
import { escapeXml, formatJUnitReport } from './junit-report.js';

describe('JUnit report', () => {
  it('escapes XML special characters and drops invalid control characters', () => {
    expect(escapeXml(`a<b>&"c"'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
  });
  it('writes one test case per file and one failure per error', () => {
    const d = createDiagnostic('error', 'validate/x', 'bad <thing>', {
      file: 'pipeline/a.json',
      path: ['name'],
    });
    const w = createDiagnostic('warning', 'validate/y', 'meh', { file: 'pipeline/a.json', path: [] });
    const xml = formatJUnitReport(['pipeline/a.json', 'dataset/b.json'], [d, w]);
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toContain('<testcase classname="dataset" name="dataset/b.json"/>');
    expect(xml).toContain('message="bad &lt;thing&gt;"');
    expect(formatJUnitReport(['pipeline/a.json'], [d, w], { strict: true })).toContain('failures="2"');
  });
});
