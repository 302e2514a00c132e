/**
 * Issue #11: the hub (`strapi start`) and a separate `npm run worker` stop on SIGTERM
 * while their Redis is unreachable, within the shutdown grace plus a few seconds, and
 * say so once instead of every 2 s; the deliveries they had in flight stay open and the
 * reconciler of a restarted hub completes them. Real processes, a private redis-server,
 * real HTTP receivers that hang.
 */
import fs from 'node:fs';
import { waitFor, type Hub } from '../helpers/hub';
import { sampleItem, type Simulator } from '../helpers/portals';
import {
  deliverySummaryOver,
  freePort,
  groupAlive,
  killGroup,
  prepareProcessHub,
  SHUTDOWN_GRACE_MS as GRACE_MS,
  shutdownEnv,
  signalAndTime,
  startHubProcess,
  startWorkerProcess,
  type ChildApp,
} from '../helpers/processes';
import { PrivateRedis } from '../helpers/redis-server';

/** The window: 30 s of outage, at most 2 warning lines per process. */
const OUTAGE_WINDOW_MS = 30000;

// Portals that hang keep their attempts in flight through the outage and the shutdown.
const ENV = shutdownEnv(120000);

let redis: PrivateRedis;
let setup: Hub;
let sim: Simulator;
let env: Record<string, string>;
const apps: ChildApp[] = [];

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  ({ setup, sim, env } = await prepareProcessHub({ ...ENV, REDIS_URL: redis.url }));
});

afterAll(async () => {
  apps.forEach(killGroup);
  await sim?.close();
  await redis?.stop();
  await setup?.dropData();
});

/**
 * What an operator would call warnings in a log after byte `from`: every non-empty line
 * that is not an info/http/debug line of Strapi's logger (so stray console output, stack
 * traces and ioredis' own messages count too). Colour codes are stripped.
 */
const warningsSince = (app: ChildApp, from: number) =>
  fs
    .readFileSync(app.logFile)
    .subarray(from)
    .toString('utf8')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\[[^\]]+\]\s*(info|http|debug|verbose):/.test(l));

it('SIGTERM stops the hub and a worker during a Redis outage; the reconciler completes their deliveries after the restart', async () => {
  const hub = await startHubProcess(env, setup.token);
  apps.push(hub);
  const worker = await startWorkerProcess(env);
  apps.push(worker);
  const api = (base: string) => ({
    post: (p: string, body: unknown) => fetch(`${base}/api/syndication${p}`, { method: 'POST', headers: { Authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'hang' });
  const res = await api(hub.url!).post('/items?publish=true', sampleItem({ title: 'Tin gửi khi Redis sắp ngừng' }));
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: { documentId: string } };
  // Every portal has a request hanging, held by the hub's or the worker's attempts.
  await waitFor('every portal called', () => [...sim.portals.values()].every((p) => p.requests.length >= 1), 60000);

  // Redis goes away. The window: 30 s of outage, at most 2 warning lines per process.
  const offsets = apps.map((a) => fs.statSync(a.logFile).size);
  await redis.stop();
  const outageStart = Date.now();
  await waitFor('the outage to be reported', () => apps.every((a, i) => warningsSince(a, offsets[i]).length >= 1), 20000);
  // Measuring the log over the 30 s window (a window, not a synchronisation wait).
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_WINDOW_MS - (Date.now() - outageStart))));
  for (const [i, app] of apps.entries()) {
    const lines = warningsSince(app, offsets[i]);
    expect(lines[0]).toMatch(/unreachable/);
    expect({ [app.kind]: lines.slice(2) }).toEqual({ [app.kind]: [] });
  }

  // SIGTERM both while Redis is still down: each whole process group is gone within grace + 5 s.
  const [hubMs, workerMs] = await Promise.all(apps.map((a) => signalAndTime(a, 'SIGTERM', GRACE_MS + 20000)));
  for (const a of apps) expect(groupAlive(a.pid)).toBe(false);
  expect(hubMs).toBeLessThanOrEqual(GRACE_MS + 5000);
  expect(workerMs).toBeLessThanOrEqual(GRACE_MS + 5000);
  // The log says what the shutdown waited for and that it gave up on the hanging attempts.
  for (const a of apps) {
    const log = a.log();
    expect(log).toMatch(/SIGTERM: stopping/);
    expect(log).toMatch(/delivery attempt\(s\) (in flight|still running)/);
  }
  apps.length = 0;

  // Redis back (empty: it kept nothing), the portals healthy, a new hub: the reconciler
  // finds the open deliveries in the database and completes every one of them.
  redis = new PrivateRedis(redis.port);
  await redis.start();
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'healthy' });
  const restarted = await startHubProcess(env, setup.token);
  apps.push(restarted);
  const summary = () => deliverySummaryOver(restarted, setup.token, data.documentId);
  await waitFor('all 119 delivered after the restart', async () => (await summary()).byStatus.delivered === 119, 90000, 250);
  for (const p of sim.portals.values()) {
    expect(p.receiver.rejected).toBe(0);
    expect(p.receiver.accepted.filter((m) => m.documentId === data.documentId)).toHaveLength(1);
  }
  const stopMs = await signalAndTime(restarted, 'SIGTERM', GRACE_MS + 20000);
  expect(stopMs).toBeLessThanOrEqual(GRACE_MS + 5000);
}, 400000);
