import { ConfigError } from '../../errors/index.js';

/** ARM parameter types a directive may name (ARM spelling). */
export const ArmParameterType = {
  String: 'string',
  SecureString: 'secureString',
  Int: 'int',
  Bool: 'bool',
  Object: 'object',
  SecureObject: 'secureObject',
  Array: 'array',
} as const;
export type ArmParameterType = (typeof ArmParameterType)[keyof typeof ArmParameterType];

/** `=` keep the current value as default, `-` no default, `|` Key Vault special case (no default). */
export type DirectiveAction = '=' | '-' | '|';

/** A parsed leaf of arm-template-parameters-definition.json: `<action>:<name>:<type>`. */
export interface ParameterDirective {
  readonly action: DirectiveAction;
  /** Empty: generated from the path; `-x`: `<resource>_x`; other: the path with its last segment replaced. */
  readonly name: string;
  /** Undefined: inferred from the value (string, int, bool, array, object; secureString for SecureString). */
  readonly type: ArmParameterType | undefined;
}

const TYPES: Readonly<Record<string, ArmParameterType>> = {
  string: 'string',
  securestring: 'secureString',
  int: 'int',
  bool: 'bool',
  object: 'object',
  secureobject: 'secureObject',
  array: 'array',
};

/** True for the ARM types whose values are never written (no default, empty value in the parameter file). */
export function isSecureType(type: ArmParameterType): boolean {
  return type === 'secureString' || type === 'secureObject';
}

/**
 * Parses a directive string (`"="`, `"-::int"`, `"|:-connectionString:secureString"`, `"=:triggerSuffix:int"`).
 * Throws ConfigError `build/invalid-parameter-directive` naming the file and JSON path.
 */
export function parseDirective(text: string, path: readonly (string | number)[]): ParameterDirective {
  const [action = '', name = '', type = '', ...rest] = text.split(':');
  const bad = (why: string): never => {
    throw new ConfigError({
      code: 'build/invalid-parameter-directive',
      message: `"${text}": ${why}`,
      location: { file: 'arm-template-parameters-definition.json', path: [...path] },
      hint: 'a directive is "<action>:<name>:<type>" with action =, - or |',
    });
  };
  if (rest.length > 0) bad('too many ":"-separated parts');
  if (action !== '=' && action !== '-' && action !== '|') bad(`unknown action "${action}" (known: =, -, |)`);
  const armType = type === '' ? undefined : TYPES[type.toLowerCase()];
  if (type !== '' && armType === undefined)
    bad(`unknown type "${type}" (known: ${Object.keys(TYPES).join(', ')})`);
  return { action: action as DirectiveAction, name, type: armType };
}
