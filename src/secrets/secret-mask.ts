/** What replaces a resolved secret value in logs, run documents, errors and CLI output. */
export const SECRET_MASK = '***';
