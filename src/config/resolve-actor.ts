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

/**
 * The private key that signs actions on a protected environment: the `--key` flag, else `MILLRACE_SIGNING_KEY`
 * (a file path). Undefined when neither is set.
 */
export function resolveSigningKey(
  flag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  return flag?.trim() || env['MILLRACE_SIGNING_KEY']?.trim() || undefined;
}
