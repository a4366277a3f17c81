/** The control-flow activity types the engine runs itself (ADF spelling). */
export const CONTROL_TYPES: readonly string[] = [
  'AppendVariable',
  'ExecutePipeline',
  'Fail',
  'Filter',
  'ForEach',
  'IfCondition',
  'SetVariable',
  'Switch',
  'Until',
  'Validation',
  'Wait',
];
