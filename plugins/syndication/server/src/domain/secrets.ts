import crypto from 'node:crypto';

/** A Standard Webhooks signing secret: "whsec_" + base64 of 24 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}

/** True for "whsec_<base64 of at least 16 bytes>" (or bare base64 of that length). */
export function isValidSigningSecret(secret: string): boolean {
  const raw = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
  return Buffer.from(raw, 'base64').length >= 16;
}
