/**
 * Issue #6 §4: the queue on a Redis Cluster. A 3-master cluster on loopback, a hub with
 * the embedded worker off and a separate `npm run worker` process, both pointed at the
 * cluster through REDIS_CLUSTER_NODES; one publish to the 119 portals (real receivers).
 */
import IORedis from 'ioredis';
import { bootHub, hubEnv, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';
import { killGroup, signalAndTime, startWorkerProcess, type ChildApp } from '../helpers/processes';
import { PrivateRedisCluster } from '../helpers/redis-cluster';

let cluster: PrivateRedisCluster;
let hub: Hub;
let sim: Simulator;
let worker: ChildApp | null = null;

const ENV = {
  SYNDICATION_EMBEDDED_WORKER: 'false',
  SYNDICATION_RETRY_SCHEDULE: '0.3,0.5,1,1,1,1,1,1',
  SYNDICATION_RECONCILE_INTERVAL_MS: '2000',
  SYNDICATION_SHUTDOWN_GRACE_MS: '3000',
};

beforeAll(async () => {
  cluster = new PrivateRedisCluster();
  await cluster.start(3);
  // REDIS_URL points nowhere useful on purpose: with REDIS_CLUSTER_NODES set it must not be used.
  const env = { ...ENV, REDIS_CLUSTER_NODES: cluster.nodes, REDIS_URL: 'redis://127.0.0.1:1' };
  hub = await bootHub({ env });
  sim = await attachSimulator(hub);
  worker = await startWorkerProcess(hubEnv({ env: { ...env, STRAPI_LOG_LEVEL: 'info' }, dbFile: hub.dbFile, pgName: hub.pgName, prefix: hub.prefix }));
});

afterAll(async () => {
  if (worker) await signalAndTime(worker, 'SIGTERM', 20000);
  killGroup(worker);
  await hub?.stop();
  await sim?.close();
  await cluster?.stop();
});

it('a publish to 119 portals is delivered through a 3-master Redis Cluster by a separate worker', async () => {
  expect(hub.prefix).toMatch(/^\{[^}]+\}$/);
  expect(hub.strapi.syndicationRedis.origin).toBe('cluster');
  expect(worker!.log()).toMatch(/Redis: cluster 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+/);

  const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin gửi qua Redis Cluster' }));
  expect(res.status).toBe(201);
  const documentId = res.data.data.documentId;
  await waitFor('119 delivered', async () => (await deliveries(hub, documentId)).summary.byStatus.delivered === 119, 60000, 200);
  for (const p of sim.portals.values()) {
    expect(p.receiver.rejected).toBe(0);
    expect(p.receiver.accepted.filter((m) => m.documentId === documentId)).toHaveLength(1);
  }

  // The queue lives on the cluster, all of it in the one slot of the prefix's hash tag,
  // and nothing went to a standalone Redis.
  const keys = await cluster.keys(`${hub.prefix}*`);
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys.map((k) => k.port)).size).toBe(1);
  const local = new IORedis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  local.on('error', () => undefined);
  try {
    await local.connect();
    expect(await local.keys(`${hub.prefix}*`)).toEqual([]);
  } catch (e) {
    if (!/ECONNREFUSED/.test((e as Error).message)) throw e;
  } finally {
    local.disconnect();
  }
  // The worker process did the deliveries (the hub's embedded worker is off).
  expect(hub.strapi.plugin('syndication').service('dispatcher').running).toBe(false);
});
