import { SECURE_MASK } from '../model/index.js';

export { SECURE_MASK };

/** The value, or the mask when `secure`. Undefined stays undefined (nothing to show). */
export function maskIf<T>(secure: boolean, value: T): T | typeof SECURE_MASK {
  return secure && value !== undefined ? SECURE_MASK : value;
}
