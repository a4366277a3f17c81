import type { FunctionDef } from '../function-def.js';
import { formatResult, inFunction, stringArg, timestampArg } from './function-args.js';
import { convertBetweenZones } from './time-zones.js';

/**
 * `convertFromUtc(timestamp, destinationTimeZone, format?)`: the UTC timestamp as wall-clock time in the
 * destination zone; default output has no zone suffix (`2018-01-01T00:00:00.0000000`).
 */
export const convertFromUtc: FunctionDef = {
  name: 'convertFromUtc',
  minArgs: 2,
  maxArgs: 3,
  call: (args) => {
    const instant = timestampArg(args, 0, 'convertFromUtc');
    const dest = stringArg(args, 1, 'convertFromUtc', 'destinationTimeZone');
    return formatResult(
      inFunction('convertFromUtc', () => convertBetweenZones(instant, null, dest)),
      args,
      2,
      'convertFromUtc',
    );
  },
};

/** `convertToUtc(timestamp, sourceTimeZone, format?)`: a wall-clock time in the source zone, as UTC (`…Z`). */
export const convertToUtc: FunctionDef = {
  name: 'convertToUtc',
  minArgs: 2,
  maxArgs: 3,
  call: (args) => {
    const instant = timestampArg(args, 0, 'convertToUtc');
    const source = stringArg(args, 1, 'convertToUtc', 'sourceTimeZone');
    return formatResult(
      inFunction('convertToUtc', () => convertBetweenZones(instant, source, 'UTC')),
      args,
      2,
      'convertToUtc',
    );
  },
};

/** `convertTimeZone(timestamp, sourceTimeZone, destinationTimeZone, format?)`. */
export const convertTimeZone: FunctionDef = {
  name: 'convertTimeZone',
  minArgs: 3,
  maxArgs: 4,
  call: (args) => {
    const instant = timestampArg(args, 0, 'convertTimeZone');
    const source = stringArg(args, 1, 'convertTimeZone', 'sourceTimeZone');
    const dest = stringArg(args, 2, 'convertTimeZone', 'destinationTimeZone');
    return formatResult(
      inFunction('convertTimeZone', () => convertBetweenZones(instant, source, dest)),
      args,
      3,
      'convertTimeZone',
    );
  },
};
