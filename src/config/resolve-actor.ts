import { userInfo } from 'node:os';

/**
 * Who is acting (deploys, approvals): the `--actor` flag, else `MILLRACE_ACTOR`, else the OS user name,
 * else `unknown`. Config reads the environment so the library does not have to.
 */
export function resolveActor(
  flag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const given = flag?.trim() || env['MILLRACE_ACTOR']?.trim();
  if (given) return given;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
