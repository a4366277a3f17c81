import type { ApiJson } from './api-schemas.js';

/**
 * The property paths of a library type `L` that a response shape `S` lacks, at every depth (`never` when
 * none). A response schema lists its properties and the serializer writes only those, so a field the library
 * adds and the schema forgets would silently vanish from the response; `Covers` turns that into a compile
 * error. Free JSON in the shape (`ApiJson`) covers anything.
 */
export type MissingKeys<S, L> = Missing<NonNullable<S>, NonNullable<L>>;

type Missing<S, L> = [NonNullable<ApiJson>] extends [S]
  ? never
  : L extends readonly (infer LI)[]
    ? S extends readonly (infer SI)[]
      ? MissingKeys<SI, LI>
      : never
    : L extends object
      ? { [K in keyof L & string]-?: K extends keyof S ? MissingKeys<S[K], L[K]> : K }[keyof L & string]
      : never;

/** `true` when shape `S` has a place for every property of `L`; use as `Covers<Shape, LibraryType>`. */
export type Covers<S, L> = [MissingKeys<S, L>] extends [never] ? true : MissingKeys<S, L>;

/** Compiles only for `true`: `type _checked = Holds<Covers<ApiX, X>>`. */
export type Holds<T extends true> = T;
