/** The Azure Key Vault secret provider (`@azure/keyvault-secrets`). */
export * from './azure-key-vault-provider.js';
