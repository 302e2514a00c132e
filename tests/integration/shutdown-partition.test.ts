/**
 * Issue #11, the harder half of "whatever the state of Redis and the database": a network
 * partition in which PostgreSQL and Redis stop answering without refusing (queries and
 * commands just hang). SIGTERM still stops the hub within the grace plus a few seconds,
 * its log says what it gave up on, and after the partition heals a restarted hub's
 * reconciler completes every delivery that was in flight. Redis is reached through a TCP
 * proxy that freezes; on the PostgreSQL run (TEST_DATABASE=postgres, as .ci/run does) the
 * database is too. SQLite, a local file, cannot be partitioned.
 */
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
  type ChildApp,
} from '../helpers/processes';
import { PrivateRedis } from '../helpers/redis-server';
import { TcpProxy } from '../helpers/tcp-proxy';

const POSTGRES = process.env.TEST_DATABASE === 'postgres';

const ENV = shutdownEnv(8000);

let redis: PrivateRedis;
let pgProxy: TcpProxy | null = null;
let redisProxy: TcpProxy;
let setup: Hub;
let sim: Simulator;
let env: Record<string, string>;
const apps: ChildApp[] = [];

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  redisProxy = new TcpProxy({ host: '127.0.0.1', port: redis.port });
  await redisProxy.start();
  const through: Record<string, string> = { ...ENV, REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` };
  if (POSTGRES) {
    pgProxy = new TcpProxy({ host: process.env.DATABASE_HOST || '127.0.0.1', port: Number(process.env.DATABASE_PORT || 5432) });
    await pgProxy.start();
    Object.assign(through, { DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(pgProxy.port) });
  }
  ({ setup, sim, env } = await prepareProcessHub(through));
});

afterAll(async () => {
  apps.forEach(killGroup);
  await sim?.close();
  await pgProxy?.stop();
  await redisProxy?.stop();
  await redis?.stop();
  await setup?.dropData();
});

it(`SIGTERM while ${POSTGRES ? 'PostgreSQL and Redis hang' : 'Redis hangs'}: the hub exits within grace + 5 s; after the partition heals nothing is lost`, async () => {
  const hub = await startHubProcess(env, setup.token);
  apps.push(hub);
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'hang' });
  const res = await fetch(`${hub.url}/api/syndication/items?publish=true`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(sampleItem({ title: 'Tin gửi khi mạng tới cơ sở dữ liệu bị cắt' })),
  });
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: { documentId: string } };
  await waitFor('attempts in flight', () => [...sim.portals.values()].filter((p) => p.requests.length >= 1).length >= 50, 60000);

  pgProxy?.freeze();
  redisProxy.freeze();
  const ms = await signalAndTime(hub, 'SIGTERM', GRACE_MS + 20000);
  expect(groupAlive(hub.pid)).toBe(false);
  expect(ms).toBeLessThanOrEqual(GRACE_MS + 5000);
  const log = hub.log();
  expect(log).toMatch(/SIGTERM: stopping/);
  // It says what it gave up on: the attempts in flight, and (the database being gone) the writes.
  expect(log).toMatch(/delivery attempt\(s\) still running after 3000 ms/);
  if (POSTGRES) expect(log).toMatch(/gave up waiting for the last delivery record writes/);
  apps.length = 0;

  // The partition heals; a new hub's reconciler completes every delivery.
  pgProxy?.thaw();
  redisProxy.thaw();
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'healthy' });
  const restarted = await startHubProcess(env, setup.token);
  apps.push(restarted);
  const summary = () => deliverySummaryOver(restarted, setup.token, data.documentId);
  await waitFor('all 119 delivered after the partition', async () => (await summary()).byStatus.delivered === 119, 120000, 500);
  for (const p of sim.portals.values()) expect(p.receiver.accepted.filter((m) => m.documentId === data.documentId)).toHaveLength(1);
  expect(await signalAndTime(restarted, 'SIGTERM', GRACE_MS + 20000)).toBeLessThanOrEqual(GRACE_MS + 5000);
}, 400000);
