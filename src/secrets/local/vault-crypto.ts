import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretErrorCode, secretError } from '../secret-error.js';

/** The vault file format version written in the envelope. */
const FORMAT = 'millrace-vault/1';
const ALGORITHM = 'aes-256-gcm';
/** GCM's recommended IV length; a fresh random IV per write, never reused with the same key. */
const IV_BYTES = 12;

/** What a vault file holds: the ciphertext of the JSON map of secrets, with its IV and GCM tag. */
export interface VaultEnvelope {
  readonly format: typeof FORMAT;
  readonly algorithm: typeof ALGORITHM;
  /** base64 */
  readonly iv: string;
  /** base64, 16 bytes */
  readonly tag: string;
  /** base64 */
  readonly data: string;
}

/** Throws `secrets/bad-master-key` unless the key is 32 bytes. */
export function checkMasterKey(key: Uint8Array): void {
  if (key.length !== 32)
    throw secretError(
      SecretErrorCode.BadKey,
      `the master key must be 32 bytes (AES-256), got ${key.length}`,
      { hint: 'MILLRACE_MASTER_KEY is base64 of 32 random bytes: `openssl rand -base64 32`' },
    );
}

/** Encrypts the secrets map with AES-256-GCM under a fresh random IV. `aad` binds it to its vault. */
export function sealVault(secrets: Readonly<Record<string, string>>, key: Uint8Array, aad: string): string {
  checkMasterKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  const envelope: VaultEnvelope = {
    format: FORMAT,
    algorithm: ALGORITHM,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

function parseEnvelope(text: string, file: string): VaultEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw secretError(SecretErrorCode.VaultCorrupt, `${file} is not a Millrace vault (invalid JSON)`, {
      cause: err,
    });
  }
  const e = json as Partial<Record<keyof VaultEnvelope, unknown>>;
  if (
    typeof json !== 'object' ||
    json === null ||
    e.format !== FORMAT ||
    e.algorithm !== ALGORITHM ||
    typeof e.iv !== 'string' ||
    typeof e.tag !== 'string' ||
    typeof e.data !== 'string'
  )
    throw secretError(SecretErrorCode.VaultCorrupt, `${file} is not a ${FORMAT} file`);
  return e as VaultEnvelope;
}

/**
 * Decrypts a vault file. The GCM tag is checked: a modified file, or a file sealed under another key,
 * fails with `secrets/vault-tampered` (GCM cannot tell the two apart).
 */
export function openVault(text: string, key: Uint8Array, aad: string, file: string): Record<string, string> {
  checkMasterKey(key);
  const e = parseEnvelope(text, file);
  const iv = Buffer.from(e.iv, 'base64');
  const tag = Buffer.from(e.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== 16)
    throw secretError(SecretErrorCode.VaultCorrupt, `${file}: bad IV or tag length`);
  let plain: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(e.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch (err) {
    throw secretError(
      SecretErrorCode.VaultTampered,
      `${file} failed its integrity check: it was modified, or it was sealed with another master key`,
      {
        hint: 'check MILLRACE_MASTER_KEY / the key file; restore the vault from a copy if it was edited',
        cause: err,
      },
    );
  }
  const parsed = JSON.parse(plain) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw secretError(SecretErrorCode.VaultCorrupt, `${file}: the decrypted content is not a map`);
  return parsed as Record<string, string>;
}
