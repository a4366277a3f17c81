import { describe, expect, it } from 'vitest';
import { afterSignIn, roleAllows } from './session.js';

describe('roleAllows', () => {
  it('lets a role do what the roles before it may, and nothing stronger', () => {
    expect(roleAllows('deployer', 'operator')).toBe(true);
    expect(roleAllows('deployer', 'deployer')).toBe(true);
    expect(roleAllows('operator', 'deployer')).toBe(false);
    expect(roleAllows('reader', 'operator')).toBe(false);
    expect(roleAllows('admin', 'reader')).toBe(true);
  });
});

describe('afterSignIn', () => {
  it('returns to the page first asked for, on this origin only', () => {
    expect(afterSignIn('?next=%2Fruns%2Fabc%3Factivity%3D2')).toBe('/runs/abc?activity=2');
    expect(afterSignIn('?next=%2F%2Fevil.example%2Fx')).toBe('/runs');
    expect(afterSignIn('?next=%2F%5Cevil.example')).toBe('/runs');
    expect(afterSignIn('?next=https%3A%2F%2Fevil.example')).toBe('/runs');
    expect(afterSignIn('')).toBe('/runs');
  });
});
