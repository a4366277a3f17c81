import { describe, expect, it } from 'vitest';
import { MillraceError, catalogedCodes, errorSpec } from '../errors/index.js';
import { statusOfCode, toHttpError } from './http-errors.js';

describe('HTTP statuses come from the error catalog', () => {
  it('answers every catalogued code with its httpStatus', () => {
    for (const code of catalogedCodes()) expect(statusOfCode(code)).toBe(errorSpec(code).httpStatus);
  });

  it('maps a library error by code, an uncatalogued code to 400 and anything else to a generic 500', () => {
    const unknownRun = toHttpError(new MillraceError({ code: 'run/unknown-run', message: 'no run r1' }));
    expect(unknownRun).toEqual({
      status: 404,
      body: { error: { code: 'run/unknown-run', message: 'no run r1' } },
      internal: false,
    });
    expect(toHttpError(new MillraceError({ code: 'deploy/locked', message: 'held' })).status).toBe(409);
    expect(toHttpError(new MillraceError({ code: 'plugin/own-rule', message: 'x' })).status).toBe(400);
    const bug = toHttpError(new TypeError('x is undefined'));
    expect([bug.status, bug.body.error.code, bug.internal]).toEqual([500, 'api/internal', true]);
  });
});
