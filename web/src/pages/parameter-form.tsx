import type { ApiJson, ApiPipelineSummary } from '../../../src/server/api-types.js';

type Parameter = ApiPipelineSummary['parameters'][number];

/**
 * Parses form text into typed parameter values (ADF types: String, SecureString, Int, Float, Bool, Array,
 * Object, SecureObject). Empty fields are left out, so the pipeline's default applies.
 */
export function parseParameterValues(
  parameters: readonly Parameter[],
  values: Readonly<Record<string, string>>,
): { ok: true; values: Record<string, ApiJson> } | { ok: false; error: string } {
  const out: Record<string, ApiJson> = {};
  for (const p of parameters) {
    const text = (values[p.name] ?? '').trim();
    if (text === '') {
      if (p.required) return { ok: false, error: `parameter ${p.name} is required` };
      continue;
    }
    switch (p.type.toLowerCase()) {
      case 'int':
        if (!/^-?\d+$/.test(text)) return { ok: false, error: `parameter ${p.name} must be an integer` };
        out[p.name] = Number(text);
        break;
      case 'float':
        if (Number.isNaN(Number(text))) return { ok: false, error: `parameter ${p.name} must be a number` };
        out[p.name] = Number(text);
        break;
      case 'bool':
        out[p.name] = text === 'true';
        break;
      case 'array':
      case 'object':
      case 'secureobject':
        try {
          out[p.name] = JSON.parse(text) as ApiJson;
        } catch {
          return { ok: false, error: `parameter ${p.name} must be JSON (${p.type})` };
        }
        break;
      default:
        out[p.name] = values[p.name] ?? '';
    }
  }
  return { ok: true, values: out };
}

/** One labelled field per parameter, its control chosen by the parameter's type. */
export function ParameterForm(props: {
  readonly parameters: readonly Parameter[];
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (values: Record<string, string>) => void;
}) {
  if (props.parameters.length === 0) return <p className="hint">This pipeline has no parameters.</p>;
  const set = (name: string, value: string) => props.onChange({ ...props.values, [name]: value });
  return (
    <div className="param-form">
      {props.parameters.map((p) => {
        const id = `param-${p.name}`;
        const type = p.type.toLowerCase();
        const value = props.values[p.name] ?? '';
        return (
          <div key={p.name} className="field">
            <label htmlFor={id}>
              {p.name}{' '}
              <span className="hint">
                {p.type}
                {p.required ? ', required' : ''}
              </span>
            </label>
            {type === 'bool' ? (
              <select id={id} value={value} onChange={(e) => set(p.name, e.target.value)}>
                <option value="">(default)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : type === 'array' || type === 'object' || type === 'secureobject' ? (
              <textarea id={id} rows={3} value={value} onChange={(e) => set(p.name, e.target.value)} />
            ) : (
              <input
                id={id}
                type={
                  type === 'securestring'
                    ? 'password'
                    : type === 'int' || type === 'float'
                      ? 'number'
                      : 'text'
                }
                step={type === 'float' ? 'any' : undefined}
                autoComplete="off"
                required={p.required}
                value={value}
                onChange={(e) => set(p.name, e.target.value)}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
