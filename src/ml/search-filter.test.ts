import { describe, expect, it } from 'vitest';
import { parseOrderBy, parseSearchFilter } from './search-filter.js';

describe('MLflow search filter syntax', () => {
  it('parses clauses joined by AND, with entity aliases and quoted keys', () => {
    expect(
      parseSearchFilter(
        "metrics.rmse < 1 and params.alpha = '0.5' AND tags.`mlflow.runName` LIKE \"tr%\" and status = 'FINISHED'",
      ),
    ).toEqual([
      { kind: 'metric', key: 'rmse', op: '<', value: 1 },
      { kind: 'param', key: 'alpha', op: '=', value: '0.5' },
      { kind: 'tag', key: 'mlflow.runName', op: 'LIKE', value: 'tr%' },
      { kind: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
    ]);
    expect(parseSearchFilter('metric.`my loss` >= -1.5e-3')).toEqual([
      { kind: 'metric', key: 'my loss', op: '>=', value: -0.0015 },
    ]);
  });

  it('parses IN lists, IS NULL and attribute aliases', () => {
    expect(
      parseSearchFilter("attributes.run_id IN ('a', 'b') and tags.x IS NOT NULL and attr.created > 5"),
    ).toEqual([
      { kind: 'attribute', key: 'run_id', op: 'IN', value: ['a', 'b'] },
      { kind: 'tag', key: 'x', op: 'IS NOT NULL' },
      { kind: 'attribute', key: 'start_time', op: '>', value: 5 },
    ]);
  });

  it('rejects OR, a metric compared with a string, a param compared with a number, garbage', () => {
    expect(() => parseSearchFilter("params.a = '1' OR params.b = '2'")).toThrow(/OR is not supported/);
    expect(() => parseSearchFilter("metrics.rmse < 'x'")).toThrow(/compare against a number/);
    expect(() => parseSearchFilter('params.alpha = 0.5')).toThrow(/quoted string/);
    expect(() => parseSearchFilter('metrics.rmse ~ 1')).toThrow(/comparison operator/);
    try {
      parseSearchFilter('metrics.rmse <');
    } catch (err) {
      expect(err).toMatchObject({ code: 'mlflow/invalid-parameter-value' });
    }
  });

  it('parses order_by with ASC as the default direction', () => {
    expect(parseOrderBy(['metrics.rmse DESC', 'params.alpha', 'attributes.start_time asc'])).toEqual([
      { kind: 'metric', key: 'rmse', ascending: false },
      { kind: 'param', key: 'alpha', ascending: true },
      { kind: 'attribute', key: 'start_time', ascending: true },
    ]);
    expect(() => parseOrderBy(['metrics.rmse sideways'])).toThrow(/ASC or DESC/);
  });
});
