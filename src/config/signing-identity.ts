import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import { resolveActor, resolveSigningKey } from './resolve-actor.js';

/**
 * Verifiable identities on the CLI. A protected environment lists its people with their Ed25519 public keys
 * (`approvers` in millrace.json); whoever requests, approves or applies a deploy there signs the action with their
 * private key (`--key <file>`, or `MILLRACE_SIGNING_KEY`), and Millrace takes the actor's name from the key that
 * signed, never from `--actor`. A private key file readable only by its owner is what proves who acts: another
 * user of the machine can no longer act "as bob". The signature is kept in the deploy history, so anyone holding
 * the public keys can check later who approved what.
 */

/** A new key pair for `millrace keys create`: the private key as PKCS#8 PEM, the public key as one line. */
export function createSigningKeyPair(): { readonly privateKeyPem: string; readonly publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKeyLine(publicKey),
  };
}

/** A public key as millrace.json holds it: `ed25519:` and the base64 of its SubjectPublicKeyInfo. */
function publicKeyLine(key: KeyObject): string {
  return `ed25519:${key.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

/** Parses a registered public key: the `ed25519:<base64>` line, or a PEM public key. */
function parsePublicKey(text: string, where: string): KeyObject {
  try {
    const key = text.startsWith('ed25519:')
      ? createPublicKey({
          key: Buffer.from(text.slice('ed25519:'.length), 'base64'),
          format: 'der',
          type: 'spki',
        })
      : createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key`);
    return key;
  } catch (err) {
    throw new ConfigError({
      code: 'config/invalid-public-key',
      message: `${where}: not an Ed25519 public key (${(err as Error).message})`,
      hint: 'paste the line `millrace keys create` printed: ed25519:MCow…',
    });
  }
}

/** Reads a private signing key (PKCS#8 PEM, Ed25519). The key itself never appears in a message. */
export async function readSigningKey(file: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError({
      code: 'config/unreadable-signing-key',
      message: `cannot read the signing key ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      cause: err,
    });
  }
  try {
    const key = createPrivateKey(text);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below without the library's message, which may quote the file
  }
  throw new ConfigError({
    code: 'config/invalid-signing-key',
    message: `${file} is not an Ed25519 private key in PEM (PKCS#8) form`,
    hint: 'create one with `millrace keys create --name <you>` (or `openssl genpkey -algorithm ed25519`)',
  });
}

/** An action signed by a registered person. */
export interface SignedAction {
  /** The approver name the key belongs to. */
  readonly actor: string;
  /** What was signed: `millrace/<action>/<environment>/<subject>/<time>`. */
  readonly statement: string;
  /** Base64 Ed25519 signature of the statement. */
  readonly signature: string;
}

/**
 * Signs an action on a protected environment: finds whose registered public key matches the private key, signs
 * the statement with it and checks the signature against the registered key. Throws `deploy/unverified-actor` when
 * the environment lists no approvers or none holds this key.
 */
export function signAction(
  environment: { readonly name: string; readonly approvers: Readonly<Record<string, string>> },
  key: KeyObject,
  action: string,
  subject: string,
  at: string,
): SignedAction {
  const names = Object.keys(environment.approvers);
  if (names.length === 0) {
    throw new ConfigError({
      code: 'deploy/unverified-actor',
      message: `environment ${environment.name} is protected and lists no approvers: nobody can ${action} from the CLI`,
      hint: `add "approvers": {"<name>": "<public key>"} to environments.${environment.name} in millrace.json (millrace keys create), or act through a server with a token`,
      location: { file: 'millrace.json', path: ['environments', environment.name] },
    });
  }
  const mine = publicKeyLine(createPublicKey(key));
  const actor = names.find(
    (n) =>
      publicKeyLine(
        parsePublicKey(environment.approvers[n] ?? '', `environments.${environment.name}.approvers.${n}`),
      ) === mine,
  );
  if (actor === undefined) {
    throw new ConfigError({
      code: 'deploy/unverified-actor',
      message: `the signing key is not one of ${environment.name}'s approvers (${names.join(', ')})`,
      hint: `register its public key (${mine}) under environments.${environment.name}.approvers in millrace.json`,
    });
  }
  const statement = `millrace/${action}/${environment.name}/${subject}/${at}`;
  const signature = sign(null, Buffer.from(statement), key).toString('base64');
  const registered = parsePublicKey(environment.approvers[actor] ?? '', actor);
  if (!verify(null, Buffer.from(statement), registered, Buffer.from(signature, 'base64'))) {
    throw new ConfigError({ code: 'deploy/unverified-actor', message: 'the signature does not verify' });
  }
  return { actor, statement, signature };
}

/** Checks a signature kept in the deploy history against the approver's registered key. */
export function verifySignedAction(
  environment: { readonly name: string; readonly approvers: Readonly<Record<string, string>> },
  signed: SignedAction,
): boolean {
  const key = environment.approvers[signed.actor];
  if (key === undefined) return false;
  return verify(
    null,
    Buffer.from(signed.statement),
    parsePublicKey(key, signed.actor),
    Buffer.from(signed.signature, 'base64'),
  );
}

/**
 * Registers an approver's public key under `environments.<environment>.approvers.<name>` in the project's
 * millrace.json, keeping its comments and formatting; written to a temporary name, then renamed.
 */
export async function registerApprover(
  projectDir: string,
  environment: string,
  name: string,
  publicKey: string,
): Promise<string> {
  parsePublicKey(publicKey, name);
  const file = path.join(projectDir, 'millrace.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError({
      code: 'config/invalid-project-file',
      message: `${file} cannot be read: --register needs a project with environments`,
      cause: err,
    });
  }
  const jsonc = await import('jsonc-parser');
  const config = jsonc.parse(text) as { environments?: Record<string, unknown> } | undefined;
  if (config?.environments?.[environment] === undefined) {
    throw new ConfigError({
      code: 'config/unknown-environment',
      message: `millrace.json declares no environment "${environment}"`,
      location: { file: 'millrace.json', path: ['environments'] },
    });
  }
  const edits = jsonc.modify(text, ['environments', environment, 'approvers', name], publicKey, {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  });
  const { writeFileDurably } = await import('../platform/index.js');
  await writeFileDurably(`${file}.${process.pid}.tmp`, file, jsonc.applyEdits(text, edits));
  return file;
}

/** How a caller names who acts (`--actor`, `--key`, or a server that checked a token). */
export interface ActorClaim {
  /** A name; trusted only on an unprotected environment. */
  readonly actor?: string;
  /** Private key file that signs the action; default `MILLRACE_SIGNING_KEY`. */
  readonly signingKey?: string;
  /** The caller verified `actor` itself (a server's API token). */
  readonly actorVerified?: boolean;
}

/**
 * Who acts on an environment. Anyone may act on an unprotected one under the name they give; on a protected one
 * the actor must be proven: by the caller (a server token), or by a signature with a registered approver's key.
 * Throws `deploy/unverified-actor` otherwise, and when `actor` names someone other than the key's owner.
 */
export async function provenActor(
  claim: ActorClaim,
  environment: {
    readonly name: string;
    readonly protected: boolean;
    readonly approvers: Readonly<Record<string, string>>;
  },
  action: string,
  subject: string,
): Promise<{ readonly actor: string; readonly proof?: SignedAction }> {
  if (!environment.protected || claim.actorVerified === true) return { actor: resolveActor(claim.actor) };
  const keyFile = resolveSigningKey(claim.signingKey);
  if (keyFile === undefined) {
    throw new ConfigError({
      code: 'deploy/unverified-actor',
      message: `environment ${environment.name} is protected: to ${action} from the CLI, sign with your key (--key <file> or MILLRACE_SIGNING_KEY); --actor alone proves nothing`,
      hint: 'millrace keys create --name <you> makes a key pair; an admin adds its public key to the environment\'s "approvers"',
    });
  }
  const signed = signAction(
    environment,
    await readSigningKey(keyFile),
    action,
    subject,
    new Date().toISOString(),
  );
  if (claim.actor !== undefined && claim.actor.trim().toLowerCase() !== signed.actor.toLowerCase()) {
    throw new ConfigError({
      code: 'deploy/unverified-actor',
      message: `--actor ${claim.actor} is not the owner of the signing key (${signed.actor})`,
    });
  }
  return { actor: signed.actor, proof: signed };
}
