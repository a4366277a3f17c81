import { describe, expect, it } from 'vitest';
import { formatJsonPath, formatLocation } from './location.js';

describe('formatJsonPath', () => {
  it('writes keys with dots and indexes with brackets', () => {
    expect(formatJsonPath(['properties', 'activities', 2, 'dependsOn', 0, 'activity'])).toBe(
      'properties.activities[2].dependsOn[0].activity',
    );
  });
  it('quotes keys that are not identifiers', () => {
    expect(formatJsonPath(['properties', 'parameters', 'my param'])).toBe(
      "properties.parameters['my param']",
    );
  });
});

describe('formatLocation', () => {
  it('joins file, line, column and path', () => {
    expect(formatLocation({ file: 'pipeline/a.json', line: 3, column: 7, path: ['name'] })).toBe(
      'pipeline/a.json:3:7 name',
    );
  });
});
