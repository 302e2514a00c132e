/**
 * Strapi's secrets come from the environment. Outside production a fresh clone must
 * start without a hand-made .env, so missing secrets are generated once and kept in
 * .tmp/dev-secrets.json (gitignored): admin sessions then survive a restart.
 * In production a missing secret stops the start with a message that names it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const DEV_SECRETS_FILE = path.resolve(process.cwd(), '.tmp', 'dev-secrets.json');
let cache: Record<string, string> | null = null;

function devSecrets(): Record<string, string> {
  if (cache) return cache;
  try {
    cache = JSON.parse(fs.readFileSync(DEV_SECRETS_FILE, 'utf8'));
  } catch {
    cache = {};
  }
  return cache!;
}

export function secret(name: string, parts = 1, bytes = 16): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`${name} must be set in production (see README, "Configuration").`);
  }
  const store = devSecrets();
  if (!store[name]) {
    store[name] = Array.from({ length: parts }, () => crypto.randomBytes(bytes).toString('base64')).join(',');
    fs.mkdirSync(path.dirname(DEV_SECRETS_FILE), { recursive: true });
    fs.writeFileSync(DEV_SECRETS_FILE, JSON.stringify(store, null, 2), { mode: 0o600 });
  }
  return store[name];
}
