/**
 * Encryption at rest for portal signing secrets: AES-256-GCM (node:crypto), one fresh
 * 96-bit IV per value, the 128-bit tag checked on every open.
 *
 * Stored form:  enc:v1:<keyId>:<iv>:<tag>:<ciphertext>   (base64url parts)
 *
 * The key id is derived from the key (a hash prefix, it reveals nothing about the key),
 * so rotating the master key is: set the new key in SYNDICATION_SECRET_KEY, move the old
 * one to SYNDICATION_SECRET_KEYS_PREVIOUS, restart. Values sealed under an old key still
 * open, and the hub re-seals them under the new key when it starts (services/secrets.ts).
 */
import crypto from 'node:crypto';

const PREFIX = 'enc:v1:';

/** At least 32 characters: `openssl rand -base64 32` gives 44. */
export const MIN_KEY_LENGTH = 32;

export interface SecretBox {
  /** Id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plain: string): string;
  /** Opens a sealed value; a value that is not sealed (written before encryption existed) is returned as is. */
  open(stored: string): string;
  isSealed(stored: string | null | undefined): boolean;
  /** True when the value is sealed under the current key (nothing to migrate). */
  isCurrent(stored: string | null | undefined): boolean;
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** The AES key is the SHA-256 of the configured string, so any long random text works as a key. */
const deriveKey = (material: string) => crypto.createHash('sha256').update(`syndication-secret-key:${material}`, 'utf8').digest();
export const keyIdOf = (material: string) => crypto.createHash('sha256').update(`syndication-key-id:${material}`, 'utf8').digest('hex').slice(0, 8);

export function createSecretBox(opts: { current: string; previous?: string[] }): SecretBox {
  if (!opts.current) throw new Error('SYNDICATION_SECRET_KEY is empty');
  const keys = new Map<string, Buffer>();
  for (const material of [opts.current, ...(opts.previous ?? [])].filter(Boolean)) keys.set(keyIdOf(material), deriveKey(material));
  const keyId = keyIdOf(opts.current);
  const isSealed = (stored: string | null | undefined) => typeof stored === 'string' && stored.startsWith(PREFIX);

  return {
    keyId,
    isSealed,
    isCurrent: (stored) => isSealed(stored) && stored!.slice(PREFIX.length).split(':')[0] === keyId,

    seal(plain: string): string {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', keys.get(keyId)!, iv);
      // The key id is authenticated too: a value cannot be moved under another key id.
      cipher.setAAD(Buffer.from(keyId, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${keyId}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
    },

    open(stored: string): string {
      if (!isSealed(stored)) return stored;
      const [kid, iv, tag, ct] = stored.slice(PREFIX.length).split(':');
      const key = keys.get(kid);
      if (!key) {
        throw new Error(`A portal secret is sealed with key "${kid}", which is neither SYNDICATION_SECRET_KEY nor in SYNDICATION_SECRET_KEYS_PREVIOUS`);
      }
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, unb64(iv));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(unb64(tag));
      return Buffer.concat([decipher.update(unb64(ct)), decipher.final()]).toString('utf8');
    },
  };
}
