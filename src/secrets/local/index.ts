/** The local secret provider: an AES-256-GCM encrypted vault file per environment. */
export * from './local-vault-provider.js';
export { checkMasterKey } from './vault-crypto.js';
