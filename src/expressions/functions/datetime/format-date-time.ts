import type { FunctionDef } from '../function-def.js';
import { formatResult, timestampArg } from './function-args.js';

/**
 * `formatDateTime(timestamp, format?)`: re-renders a timestamp with a .NET format (default `o`).
 * `formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')` → `2018-03-15T12:00:00`.
 */
export const formatDateTime: FunctionDef = {
  name: 'formatDateTime',
  minArgs: 1,
  maxArgs: 2,
  call: (args) => formatResult(timestampArg(args, 0, 'formatDateTime'), args, 1, 'formatDateTime'),
};
