import type { FileFormat } from '../../contracts/index.js';

/** The Binary format: bytes copied as they are, never parsed (Binary → Binary only). */
export function createBinaryFormat(): FileFormat {
  return {
    kind: 'Binary',
    tabular: false,
    extension: '',
    settings: { kind: 'Binary' },
    needsDecoding: false,
  };
}
