/**
 * Strapi's secrets come from the environment. Outside production a fresh clone must
 * start without a hand-made .env, so missing secrets are generated once and kept in
 * .tmp/dev-secrets.json (gitignored): admin sessions then survive a restart.
 * In production a missing secret stops the START with a message that names every missing
 * one (assertProductionSecrets, run from the app's register), never the BUILD: `strapi build`
 * loads the same configuration files, and an image or CI build has no production secrets.
 * So here a missing production secret becomes a placeholder that the start refuses.
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

/** Marks a production secret that was not set (never usable: the start refuses it). */
const MISSING = 'missing-production-secret:';

export function secret(name: string, parts = 1, bytes = 16): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    return Array.from({ length: parts }, (_, i) => `${MISSING}${name}:${i}`).join(',');
  }
  const store = devSecrets();
  if (!store[name]) {
    store[name] = Array.from({ length: parts }, () => crypto.randomBytes(bytes).toString('base64')).join(',');
    fs.mkdirSync(path.dirname(DEV_SECRETS_FILE), { recursive: true });
    fs.writeFileSync(DEV_SECRETS_FILE, JSON.stringify(store, null, 2), { mode: 0o600 });
  }
  return store[name];
}

/** Names of the secrets left as placeholders anywhere in `values` (config objects, arrays, strings). */
export function missingSecrets(...values: unknown[]): string[] {
  const names = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      for (const part of v.split(',')) if (part.startsWith(MISSING)) names.add(part.slice(MISSING.length).split(':')[0]);
    } else if (v && typeof v === 'object' && depth < 6) {
      for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child, depth + 1);
    }
  };
  values.forEach((v) => walk(v, 0));
  return [...names];
}

/**
 * Refuses to start in production while a secret is missing, naming all of them at once.
 * `extra` adds names checked elsewhere (the syndication plugin's SYNDICATION_SECRET_KEY).
 */
export function assertProductionSecrets(config: { get(path: string): unknown }, extra: string[] = []): void {
  if (process.env.NODE_ENV !== 'production') return;
  const names = [...missingSecrets(config.get('server'), config.get('admin')), ...extra];
  if (names.length === 0) return;
  throw new Error(
    `Refusing to start in production: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set. ` +
      'Set them in the environment (README, "Configuration"); generate a value with `openssl rand -base64 32` ' +
      '(APP_KEYS takes four, comma-separated). They are needed to start, not to build.'
  );
}
