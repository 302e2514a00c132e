/**
 * Boots a real Strapi hub for an integration test file: a fresh SQLite file (or a
 * fresh PostgreSQL database), the real Redis, and a real HTTP listener on a random
 * loopback port, with a real API token.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Hub {
  strapi: any;
  url: string;
  api: AxiosInstance;
  /** An API client without a token. */
  anonymous: AxiosInstance;
  token: string;
  dbFile: string | null;
  /** The PostgreSQL database, when the hub runs on PostgreSQL. */
  pgName: string | null;
  prefix: string;
  /** keepData: leave the database for a hub started after this one (a restart). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** Removes the database (after stop({ keepData: true })). */
  dropData(): Promise<void>;
}

export interface HubOptions {
  env?: Record<string, string>;
  postgres?: boolean;
  /** Serve the built admin panel (dist/build) at /admin: browser tests. */
  serveAdmin?: boolean;
}

const SECRETS = {
  APP_KEYS: 'dGVzdGtleTE=,dGVzdGtleTI=',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  API_TOKEN_SALT: 'test-api-token-salt',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789ab',
  JWT_SECRET: 'test-jwt-secret',
  SYNDICATION_SECRET_KEY: 'test-syndication-secret-key-0123456789abcdef',
};

export async function createPostgresDatabase(): Promise<string> {
  const { Client } = require('pg');
  const name = `syn_test_${crypto.randomBytes(5).toString('hex')}`;
  const client = new Client({ host: process.env.DATABASE_HOST || '127.0.0.1', port: Number(process.env.DATABASE_PORT || 5432), user: process.env.DATABASE_USERNAME || 'postgres', password: process.env.DATABASE_PASSWORD || '', database: 'postgres' });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return name;
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  const { Client } = require('pg');
  const client = new Client({ host: process.env.DATABASE_HOST || '127.0.0.1', port: Number(process.env.DATABASE_PORT || 5432), user: process.env.DATABASE_USERNAME || 'postgres', password: process.env.DATABASE_PASSWORD || '', database: 'postgres' });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

export function hubEnv(opts: HubOptions & { dbFile?: string | null; pgName?: string | null; prefix: string }): Record<string, string> {
  return {
    ...SECRETS,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    SERVE_ADMIN: opts.serveAdmin ? 'true' : 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL || 'error',
    STRAPI_STARTUP_BANNER: 'false',
    SYNDICATION_QUEUE_PREFIX: opts.prefix,
    ...(opts.pgName
      ? { DATABASE_CLIENT: 'postgres', DATABASE_NAME: opts.pgName }
      : { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: opts.dbFile! }),
    ...(opts.env ?? {}),
  };
}

export async function bootHub(opts: HubOptions = {}): Promise<Hub> {
  // Hash-tagged like the default "{syn}", so the same prefixes work on a Redis Cluster.
  const prefix = `{t${crypto.randomBytes(4).toString('hex')}}`;
  const pgName = opts.postgres || process.env.TEST_DATABASE === 'postgres' ? await createPostgresDatabase() : null;
  const dbFile = pgName ? null : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'syn-hub-')), 'data.db');
  const env = hubEnv({ ...opts, dbFile, pgName, prefix });
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }

  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: Boolean(opts.serveAdmin) }).load();
  await strapi.listen();
  const { port } = strapi.server.httpServer.address();
  const url = `http://127.0.0.1:${port}`;

  const token = await createFullAccessToken(strapi);
  const api = axios.create({ baseURL: `${url}/api/syndication`, headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true });
  const anonymous = axios.create({ baseURL: `${url}/api/syndication`, validateStatus: () => true });

  return {
    strapi,
    url,
    api,
    anonymous,
    token,
    dbFile,
    pgName,
    prefix,
    async stop(stopOpts = {}) {
      await strapi.destroy();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      if (!stopOpts.keepData) await this.dropData();
    },
    async dropData() {
      if (pgName) await dropPostgresDatabase(pgName).catch(() => undefined);
      if (dbFile) fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
    },
  };
}

/** A full-access API token made through Strapi's own token service, as /admin/api-tokens does. */
export async function createFullAccessToken(strapi: any): Promise<string> {
  const service = strapi.service('admin::api-token');
  const created = await service.create({ name: `test-${crypto.randomBytes(3).toString('hex')}`, type: 'full-access', lifespan: null });
  return created.accessKey;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = 30000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v as T;
      last = v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}
