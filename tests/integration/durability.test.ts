/**
 * Nothing is lost (issue #3): a worker process killed with SIGKILL mid-fan-out, Redis
 * flushed mid-fan-out, and Redis down at publish time all end with every portal
 * delivered. A private redis-server and separate worker processes, real HTTP receivers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootHub, hubEnv, ROOT, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';
import { PrivateRedis } from '../helpers/redis-server';

const freePort = (): Promise<number> => require('../../plugins/syndication/dist/server/infra/redis').freePort();

let redis: PrivateRedis;
let hub: Hub;
let sim: Simulator;
let workerEnv: Record<string, string>;
const workers: ChildProcess[] = [];
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-workers-'));

const ENGINE_ENV = {
  SYNDICATION_EMBEDDED_WORKER: 'false',
  SYNDICATION_RETRY_SCHEDULE: '0.3,0.5,1,1,1,1,1,1,1,1,1,1',
  SYNDICATION_REQUEST_TIMEOUT_MS: '1500',
  SYNDICATION_RECONCILE_INTERVAL_MS: '1000',
  SYNDICATION_STALLED_INTERVAL_MS: '2000',
};

function startWorker(): Promise<ChildProcess> {
  const log = fs.openSync(path.join(logDir, `worker-${workers.length}.log`), 'w');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'worker.js')], { cwd: ROOT, env: { ...process.env, ...workerEnv, SYNDICATION_EMBEDDED_WORKER: 'true', STRAPI_LOG_LEVEL: 'info' }, stdio: ['ignore', log, log] });
  workers.push(child);
  return waitFor('worker ready', () => fs.readFileSync(path.join(logDir, `worker-${workers.length - 1}.log`), 'utf8').includes('ready') && child, 60000, 100);
}

const kill = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

const delivered = (documentId: string) => async () => (await deliveries(hub, documentId)).summary.byStatus.delivered;

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  hub = await bootHub({ env: { ...ENGINE_ENV, REDIS_URL: redis.url } });
  workerEnv = hubEnv({ env: { ...ENGINE_ENV, REDIS_URL: redis.url }, dbFile: hub.dbFile, pgName: process.env.DATABASE_NAME && process.env.DATABASE_CLIENT === 'postgres' ? process.env.DATABASE_NAME : null, prefix: hub.prefix });
  sim = await attachSimulator(hub);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => kill(w, 'SIGTERM')));
  await hub?.stop();
  await sim?.close();
  await redis?.stop();
});

const slowAll = (ms: number) => {
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'slow', delayMs: ms });
};
const healAll = () => {
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'healthy' });
};

const eachPortalAppliedOnce = (documentId: string) => {
  for (const p of sim.portals.values()) {
    expect(p.receiver.rejected).toBe(0);
    expect(p.receiver.accepted.filter((m) => m.documentId === documentId)).toHaveLength(1);
  }
};

it('a worker killed with SIGKILL mid-fan-out: a new worker delivers the rest', async () => {
  const first = await startWorker();
  slowAll(700);
  const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin khi worker bị tắt đột ngột' }));
  expect(res.status).toBe(201);
  const { documentId } = res.data.data;
  await waitFor('some deliveries done', () => sim.totalAccepted() >= 10, 30000, 20);
  await kill(first, 'SIGKILL');
  const atKill = await delivered(documentId)();
  expect(atKill).toBeLessThan(119);
  healAll();
  await startWorker();
  await waitFor('119 delivered after restart', async () => (await delivered(documentId)()) === 119, 60000, 200);
  eachPortalAppliedOnce(documentId);
});

it('Redis flushed mid-fan-out: the reconciler re-enqueues from the database', async () => {
  slowAll(500);
  const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin khi Redis bị xóa sạch' }));
  const { documentId } = res.data.data;
  await waitFor('some delivered', async () => (await delivered(documentId)()) >= 5, 30000, 20);
  await redis.flushAll();
  expect(await delivered(documentId)()).toBeLessThan(119);
  healAll();
  await waitFor('119 delivered after flush', async () => (await delivered(documentId)()) === 119, 60000, 200);
  eachPortalAppliedOnce(documentId);
});

it('Redis down at publish time: the publish succeeds, deliveries go out when Redis is back', async () => {
  healAll();
  await redis.stop();
  const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin khi Redis ngừng hoạt động' }));
  expect(res.status).toBe(201);
  const { documentId } = res.data.data;
  const waiting = await deliveries(hub, documentId);
  expect(waiting.summary.total).toBe(119);
  expect(waiting.summary.byStatus.pending).toBe(119);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await deliveries(hub, documentId)).summary.byStatus.pending).toBe(119);
  await redis.start();
  await waitFor('119 delivered after Redis returns', async () => (await delivered(documentId)()) === 119, 60000, 200);
  eachPortalAppliedOnce(documentId);
});
