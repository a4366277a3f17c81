/** The parse result of a schema (zod's `safeParse` shape, without depending on zod here). */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | {
      readonly success: false;
      readonly error: {
        readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
      };
    };

/**
 * A schema that validates and types a JSON value: linked-service `typeProperties`, activity settings. Zod
 * schemas have this shape; `lazySchema` wraps one whose module loads on the first parse.
 */
export interface ValueSchema<T> {
  safeParse(input: unknown): ParseResult<T> | Promise<ParseResult<T>>;
}

/**
 * A schema whose module loads on the first parse. Zod costs tens of milliseconds to load: a command that
 * never parses (`validate` of a well-formed factory, a run of control activities) should not pay for it.
 *
 * @example
 * settings: lazySchema(async () => (await import('./echo-settings.js')).echoSettingsSchema),
 */
export function lazySchema<T>(load: () => Promise<ValueSchema<T>>): ValueSchema<T> {
  let loaded: Promise<ValueSchema<T>> | undefined;
  return {
    async safeParse(input: unknown): Promise<ParseResult<T>> {
      return (await (loaded ??= load())).safeParse(input);
    },
  };
}
