/**
 * Issue #9, first measured defect: `NODE_ENV=production npm run build` failed with
 * "ADMIN_JWT_SECRET must be set in production" because the build reads the runtime
 * configuration. Secrets are required to START in production, never to build.
 *  - the build's configuration step (the same createBuildContext `strapi build` runs after
 *    compiling) succeeds in production with no secret in the environment;
 *  - `strapi start` in production without secrets refuses, naming every missing one,
 *    before touching the database;
 *  - with the secrets set, the same production start serves.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, waitFor } from '../helpers/hub';
import { freePort, killGroup, signalAndTime, type ChildApp } from '../helpers/processes';

const SECRET_NAMES = ['APP_KEYS', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY', 'JWT_SECRET', 'SYNDICATION_SECRET_KEY', 'SYNDICATION_SECRET_KEYS_PREVIOUS'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-prod-'));
const dbFile = path.join(dir, 'data.db');

/** The test process's environment without any secret, in production, on a private SQLite file. */
function productionEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SECRET_NAMES) delete env[name];
  return { ...env, NODE_ENV: 'production', DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: dbFile, SERVE_ADMIN: 'false', HOST: '127.0.0.1', STRAPI_TELEMETRY_DISABLED: 'true', ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${out.slice(-2000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out: out.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('the build reads the configuration in production with no secret in the environment', async () => {
  // createBuildContext empties <outDir>/build: point it at a copy of dist so the project's built
  // admin panel (which the browser suite serves) is left alone.
  const outDir = path.join(dir, 'dist');
  fs.cpSync(path.join(ROOT, 'dist'), outDir, { recursive: true, filter: (src) => !src.startsWith(path.join(ROOT, 'dist', 'build')) });
  const script = `
    const path = require('node:path');
    const { createBuildContext } = require(path.join(process.cwd(), 'node_modules/@strapi/strapi/dist/src/node/create-build-context.js'));
    const noop = () => undefined;
    const logger = { debug: noop, info: noop, warn: noop, error: noop, log: noop, spinner: () => ({ start() { return this; }, succeed: noop, fail: noop }) };
    createBuildContext({ cwd: process.cwd(), logger, tsconfig: { config: { options: { outDir: ${JSON.stringify(outDir)} } } }, options: {} })
      .then((ctx) => { console.log('BUILD-CONTEXT ' + JSON.stringify({ adminPath: ctx.adminPath, bundler: ctx.bundler })); process.exit(0); })
      .catch((e) => { console.error('BUILD-CONTEXT-FAILED ' + e.message); process.exit(1); });`;
  const { code, out } = await run(['-e', script], productionEnv());
  expect(out).not.toMatch(/must be set|Refusing/);
  expect(code).toBe(0);
  const ctx = JSON.parse(out.split('BUILD-CONTEXT ')[1].split('\n')[0]);
  expect(ctx.adminPath).toBe('/admin');
  expect(ctx.bundler).toBeTruthy();
  expect(fs.existsSync(dbFile)).toBe(false);
});

it('`strapi start` in production without secrets refuses, naming every missing one', async () => {
  const port = await freePort();
  const { code, out } = await run([path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], productionEnv({ PORT: String(port) }));
  expect(code).not.toBe(0);
  expect(out).toMatch(/Refusing to start in production: APP_KEYS, ADMIN_JWT_SECRET, API_TOKEN_SALT, TRANSFER_TOKEN_SALT, ENCRYPTION_KEY, SYNDICATION_SECRET_KEY are not set/);
  expect(fs.existsSync(dbFile)).toBe(false);
});

it('with the secrets set, the same production start serves', async () => {
  const port = await freePort();
  const env = productionEnv({
    PORT: String(port),
    APP_KEYS: 'cHJvZGtleTE=,cHJvZGtleTI=,cHJvZGtleTM=,cHJvZGtleTQ=',
    ADMIN_JWT_SECRET: 'prod-admin-jwt-secret-0123456789',
    API_TOKEN_SALT: 'prod-api-token-salt-0123456789',
    TRANSFER_TOKEN_SALT: 'prod-transfer-token-salt-012345',
    ENCRYPTION_KEY: 'prod-encryption-key-0123456789ab',
    SYNDICATION_SECRET_KEY: 'cHJvZC1zeW5kaWNhdGlvbi1rZXktMDEyMzQ1Njc4OWFiY2RlZg==',
    SYNDICATION_QUEUE_PREFIX: `{tprod${process.pid}}`,
    STRAPI_LOG_LEVEL: 'info',
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const app = { kind: 'hub', child, pid: child.pid!, logFile: '', url: null, log: () => out } as ChildApp;
  try {
    await waitFor(
      'the production hub answering /_health',
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out.slice(-1500)}`);
        return (await fetch(`http://127.0.0.1:${port}/_health`)).status === 204;
      },
      120000,
      250
    );
    expect(out).not.toMatch(/Refusing/);
    expect(await signalAndTime(app, 'SIGTERM', 30000)).toBeLessThan(30000);
  } finally {
    killGroup(app);
  }
});
