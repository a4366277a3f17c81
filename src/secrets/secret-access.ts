/** Access rules: subject glob (pipeline name or scope) → secret name globs it may read. */
export type SecretAccessRules = Readonly<Record<string, readonly string[]>>;

/** `*` matches any run of characters, `?` one; case-insensitive like ADF names. */
export function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(text);
}

/**
 * True when `subject` may read `secret`: no rules means unrestricted; otherwise some rule whose pattern
 * matches the subject must list the secret (globs allowed).
 */
export function isSecretAllowed(
  rules: SecretAccessRules | undefined,
  subject: string,
  secret: string,
): boolean {
  if (rules === undefined) return true;
  return Object.entries(rules).some(
    ([pattern, secrets]) => globMatches(pattern, subject) && secrets.some((s) => globMatches(s, secret)),
  );
}
