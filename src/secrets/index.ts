/**
 * Secrets: SecretProvider implementations (local encrypted vault, environment variables, Azure Key Vault),
 * routing of Key Vault references and notebook scopes to them with access rules, and redaction.
 */
export * from './secret-error.js';
export * from './secret-redactor.js';
export * from './connection-string-secrets.js';
export * from './secret-access.js';
export * from './secret-router.js';
export * from './local/index.js';
export * from './env/index.js';
export * from './azure-key-vault/index.js';
