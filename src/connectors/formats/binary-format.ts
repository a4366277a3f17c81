import type { FileFormat } from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';

/** The Binary format: bytes copied as they are, never parsed (Binary → Binary only). */
export function createBinaryFormat(): FileFormat {
  const notTabular = (): never => {
    throw connectorError(
      ConnectorErrorCode.UnsupportedFormat,
      'a Binary dataset has no rows: it can only be copied to another Binary dataset',
    );
  };
  return {
    kind: 'Binary',
    tabular: false,
    extension: '',
    needsDecoding: false,
    readSql: notTabular,
    writeSql: notTabular,
  };
}
