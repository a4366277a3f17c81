import type { FunctionDef } from '../function-def.js';
import { formatResult, inFunction, timestampArg } from './function-args.js';
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  createInstant,
  fieldsOf,
  ticksFromFields,
  type Instant,
} from './instant.js';

function part(name: string, pick: (ticks: bigint) => number): FunctionDef {
  return { name, minArgs: 1, maxArgs: 1, call: (args) => pick(timestampArg(args, 0, name).ticks) };
}

function truncation(name: string, truncate: (i: Instant) => bigint): FunctionDef {
  return {
    name,
    minArgs: 1,
    maxArgs: 2,
    call: (args) => {
      const instant = timestampArg(args, 0, name);
      const start = inFunction(name, () => createInstant(truncate(instant), instant.kind));
      return formatResult(start, args, 1, name);
    },
  };
}

/** `dayOfMonth('2018-03-15T13:27:36Z')` → 15. */
export const dayOfMonth: FunctionDef = part('dayOfMonth', (t) => fieldsOf(t).day);
/** `dayOfWeek('2018-03-15T13:27:36Z')` → 4 (Sunday = 0). */
export const dayOfWeek: FunctionDef = part('dayOfWeek', (t) => fieldsOf(t).dayOfWeek);
/** `dayOfYear('2018-03-15T13:27:36Z')` → 74. */
export const dayOfYear: FunctionDef = part('dayOfYear', (t) => fieldsOf(t).dayOfYear);

/** `startOfDay('2018-03-15T13:30:30Z')` → `2018-03-15T00:00:00.0000000Z` (kind kept, like .NET `Date`). */
export const startOfDay: FunctionDef = truncation('startOfDay', (i) => i.ticks - (i.ticks % TICKS_PER_DAY));
/** `startOfHour('2018-03-15T13:30:30Z')` → `2018-03-15T13:00:00.0000000Z`. */
export const startOfHour: FunctionDef = truncation(
  'startOfHour',
  (i) => i.ticks - (i.ticks % TICKS_PER_HOUR),
);
/** `startOfMonth('2018-03-15T13:30:30Z')` → `2018-03-01T00:00:00.0000000Z`. */
export const startOfMonth: FunctionDef = truncation('startOfMonth', (i) => {
  const f = fieldsOf(i.ticks);
  return ticksFromFields(f.year, f.month, 1);
});
