import { ConnectorErrorCode, connectorError } from './connector-error.js';

/**
 * Normalizes a store-relative path: `\` → `/`, no leading or trailing `/`, no empty or `.` segments.
 * Refuses absolute paths, drive letters and `..` segments with `connector/path-escape`.
 */
export function normalizeStorePath(path: string): string {
  const raw = path.replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw connectorError(
      ConnectorErrorCode.PathEscape,
      `path "${path}" is absolute; paths are relative to the linked service root`,
    );
  }
  const parts: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      throw connectorError(
        ConnectorErrorCode.PathEscape,
        `path "${path}" contains ".."; paths may not leave the linked service root`,
      );
    }
    parts.push(seg);
  }
  return parts.join('/');
}

/** The non-empty segments of a path as ADF writes it in settings (`\` and `/` both separate). */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '');
}

/** Joins store path segments (each may be empty) and normalizes the result. */
export function joinStorePath(...segments: readonly (string | undefined)[]): string {
  return normalizeStorePath(segments.filter((s): s is string => !!s).join('/'));
}

/** Last segment of a store path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Everything before the last segment (`''` at the root). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Prefix of temporary files written before a commit; listings hide them. */
export const TEMP_PREFIX = '.millrace-tmp-';
