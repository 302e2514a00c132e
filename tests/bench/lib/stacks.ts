/**
 * The systems under test, each started in its own processes and torn down completely:
 *  - ours: a hub (and optionally separate workers) on SQLite or PostgreSQL, Redis at
 *    127.0.0.1:6379 under a random queue prefix, receivers from the receiver kit;
 *  - the baseline: the throwaway Strapi app with 119 built-in webhooks.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { createPostgresDatabase, dropPostgresDatabase, hubEnv, ROOT } from '../../helpers/hub';
import { generateBaselineApp } from './baseline-app';
import { postgresReader, sqliteReader, type DeliveryReader } from './db';
import { spawnChild, type Child } from './proc';

const kit = () => require('../../../plugins/syndication/dist/server/receiver-kit');
export type Simulator = import('../../../plugins/syndication/server/src/receiver-kit').Simulator;
export type Topology = 'per-port' | 'shared';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Stacks still running: stopAll() tears them down if the benchmark is interrupted. */
const running = new Set<() => Promise<void>>();
export async function stopAll() {
  await Promise.all([...running].map((stop) => stop().catch(() => undefined)));
}
function tracked(stop: () => Promise<void>) {
  let once: Promise<void> | null = null;
  const wrapped = () => {
    once ??= stop().finally(() => running.delete(wrapped));
    return once;
  };
  running.add(wrapped);
  return wrapped;
}

export interface OurStack {
  hub: Child;
  workers: Child[];
  sim: Simulator;
  db: DeliveryReader;
  prefix: string;
  portalCodes: string[];
  stop(): Promise<void>;
}

export interface OurOptions {
  name: string;
  postgres?: boolean;
  /** Separate `npm run worker` processes; the hub's embedded worker is then off. */
  workers?: number;
  topology?: Topology;
  /** Register this many more portals (through the portal service) before attaching the receivers. */
  extraPortals?: number;
  env?: Record<string, string>;
}

/** Starts the simulator; says whether the requested topology is really the one running. */
export async function startSimulator(portals: { code: string; secret: string }[], topology: Topology): Promise<Simulator> {
  const sim = await kit().startSimulator({ portals, topology });
  const actual: Topology = sim.topology ?? 'per-port';
  if (actual !== topology) {
    await sim.close();
    throw new Error(`the receiver kit has no "${topology}" topology yet (running ${actual})`);
  }
  return sim;
}

export async function startOurs(opts: OurOptions): Promise<OurStack> {
  // Hash-tagged like the default "{syn}" (tests/helpers/hub.ts does the same).
  const tag = `bench${crypto.randomBytes(4).toString('hex')}`;
  const prefix = `{${tag}}`;
  const pgName = opts.postgres ? await createPostgresDatabase() : null;
  const dbDir = pgName ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'syn-bench-hub-'));
  const dbFile = dbDir ? path.join(dbDir, 'data.db') : null;
  const env = hubEnv({ dbFile, pgName, prefix, env: { REDIS_URL, SYNDICATION_EMBEDDED_WORKER: opts.workers ? 'false' : 'true', ...(opts.env ?? {}) } });
  const started: Child[] = [];
  let sim: Simulator | null = null;
  let db: DeliveryReader | null = null;

  const stop = tracked(async () => {
    await Promise.all(started.map((c) => c.stop()));
    await sim?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await clearRedisPrefix(tag).catch(() => undefined);
    if (pgName) await dropPostgresDatabase(pgName).catch(() => undefined);
    if (dbDir) fs.rmSync(dbDir, { recursive: true, force: true });
  });

  try {
    const hub = await spawnChild(path.join(__dirname, 'hub-child.ts'), { name: `${opts.name} hub`, env });
    started.push(hub);
    if (opts.extraPortals) await hub.call('addPortals', { count: opts.extraPortals, codePrefix: 'X' }, 600000);
    const portals: { code: string; secret: string }[] = await hub.call('portals');
    sim = await startSimulator(portals, opts.topology ?? 'per-port');
    await hub.call('setEndpoints', [...sim.portals.values()].map((p) => [p.code, p.endpoint]));
    db = pgName ? await postgresReader(pgName) : sqliteReader(dbFile!);
    // Workers boot side by side (each is what `npm run worker` starts).
    const booting = Array.from({ length: opts.workers ?? 0 }, (_, i) =>
      spawnChild(path.join(ROOT, 'scripts', 'worker.js'), {
        name: `${opts.name} worker ${i + 1}`,
        env: { ...env, STRAPI_LOG_LEVEL: 'info' },
        readyLine: /worker \d+ ready/,
      }).then((w) => {
        started.push(w);
        return w;
      })
    );
    const workers: Child[] = await Promise.all(booting);
    return { hub, workers, sim, db, prefix, portalCodes: portals.map((p) => p.code), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Removes the benchmark's queue keys (those containing `tag`) from the shared Redis. */
async function clearRedisPrefix(tag: string) {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${tag}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface BaselineStack {
  app: Child;
  sim: Simulator;
  stop(): Promise<void>;
}

/** Strapi's built-in webhooks: one webhook per portal, receivers on the per-port topology. */
export async function startBaseline(portals: number): Promise<BaselineStack> {
  const dir = generateBaselineApp();
  const env = hubEnv({ dbFile: path.join(dir, '.tmp', 'data.db'), prefix: 'unused', env: { BENCH_BASELINE_DIR: dir } });
  let app: Child | null = null;
  let sim: Simulator | null = null;
  const stop = tracked(async () => {
    await app?.stop();
    await sim?.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  try {
    app = await spawnChild(path.join(__dirname, 'baseline-child.ts'), { name: 'baseline', env, cwd: dir });
    sim = await startSimulator(randomPortals(portals), 'per-port');
    await app.call('registerWebhooks', [...sim.portals.values()].map((p) => p.endpoint));
    return { app, sim, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Portals that exist only in the simulator (baseline and ceiling have no registry). */
export function randomPortals(n: number) {
  return Array.from({ length: n }, (_, i) => ({ code: `P${String(i + 1).padStart(3, '0')}`, secret: `whsec_${crypto.randomBytes(24).toString('base64')}` }));
}

/** Every request a simulated portal received, whatever it answered. */
export function totalRequests(sim: Simulator) {
  let n = 0;
  for (const p of sim.portals.values()) n += p.requests.length;
  return n;
}

/** Latest arrival at any receiver. */
export function lastRequestAt(sim: Simulator) {
  let last = 0;
  for (const p of sim.portals.values()) last = Math.max(last, p.requests[p.requests.length - 1] ?? 0);
  return last;
}

/** Arrival times of one item at the receivers that applied it. */
export function arrivalsOf(sim: Simulator, documentId: string, codes?: Iterable<string>): number[] {
  const out: number[] = [];
  const portals = codes ? [...codes].map((c) => sim.portals.get(c)!) : [...sim.portals.values()];
  for (const p of portals) {
    const accepted = p.receiver.accepted;
    for (let i = accepted.length - 1; i >= 0; i -= 1) {
      if (accepted[i].documentId === documentId) {
        out.push(accepted[i].at);
        break;
      }
    }
  }
  return out;
}
