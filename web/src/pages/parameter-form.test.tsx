// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ParameterForm, parseParameterValues } from './parameter-form.js';

afterEach(cleanup);

const parameters = [
  { name: 'count', type: 'Int', required: true },
  { name: 'ratio', type: 'Float', required: false },
  { name: 'flag', type: 'Bool', required: false },
  { name: 'items', type: 'Array', required: false },
  { name: 'token', type: 'SecureString', required: false },
  { name: 'label', type: 'String', required: false },
];

describe('parseParameterValues', () => {
  it('types values by parameter type and leaves empty optional ones to their default', () => {
    expect(
      parseParameterValues(parameters, {
        count: '3',
        ratio: '0.5',
        flag: 'false',
        items: '[1,"a"]',
        label: ' x ',
      }),
    ).toEqual({ ok: true, values: { count: 3, ratio: 0.5, flag: false, items: [1, 'a'], label: ' x ' } });
  });
  it('names the parameter that is missing or malformed', () => {
    expect(parseParameterValues(parameters, {})).toEqual({ ok: false, error: 'parameter count is required' });
    expect(parseParameterValues(parameters, { count: '1.5' })).toEqual({
      ok: false,
      error: 'parameter count must be an integer',
    });
    expect(parseParameterValues(parameters, { count: '1', items: '[' })).toEqual({
      ok: false,
      error: 'parameter items must be JSON (Array)',
    });
  });
});

describe('ParameterForm', () => {
  it('labels one control per parameter, chosen by type (secure ones hidden)', () => {
    let values: Record<string, string> = {};
    render(<ParameterForm parameters={parameters} values={{}} onChange={(v) => (values = v)} />);
    expect(screen.getByLabelText(/^count/).getAttribute('type')).toBe('number');
    expect(screen.getByLabelText(/^token/).getAttribute('type')).toBe('password');
    expect(screen.getByLabelText(/^flag/).tagName).toBe('SELECT');
    expect(screen.getByLabelText(/^items/).tagName).toBe('TEXTAREA');
    fireEvent.change(screen.getByLabelText(/^label/), { target: { value: 'hello' } });
    expect(values).toEqual({ label: 'hello' });
  });
});
