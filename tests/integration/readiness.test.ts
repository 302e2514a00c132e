/**
 * GET /_ready (issue #9 §8): the syndication readiness probe reports the database, Redis
 * and the queue; 200 when all answer, 503 while Redis is down, 200 again when it is back.
 */
import axios from 'axios';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { freePort } from '../helpers/processes';
import { PrivateRedis } from '../helpers/redis-server';

let hub: Hub;
let redis: PrivateRedis;
const ready = () => axios.get(`${hub.url}/_ready`, { validateStatus: () => true });

beforeAll(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  hub = await bootHub({ env: { REDIS_URL: redis.url } });
});

afterAll(async () => {
  await hub?.stop();
  await redis?.stop();
});

it('reports database, Redis and queue, without credentials, and is not cached', async () => {
  const res = await waitFor('ready', async () => {
    const r = await ready();
    return r.status === 200 ? r : false;
  });
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.data).toMatchObject({
    ready: true,
    database: { ok: true, client: expect.any(String) },
    redis: { ok: true },
    queue: { ok: true, waiting: expect.any(Number), delayed: expect.any(Number), active: expect.any(Number) },
    worker: { embedded: true, running: true },
    openDeliveries: expect.any(Number),
  });
  expect(JSON.stringify(res.data)).not.toMatch(/redis:\/\/|password|secret/i);
  expect((await axios.get(`${hub.url}/_health`, { validateStatus: () => true })).status).toBe(204);
});

it('answers 503 while Redis is down and 200 once it is back', async () => {
  await redis.stop();
  const down = await waitFor('not ready', async () => {
    const r = await ready();
    return r.status === 503 ? r : false;
  }, 20000);
  expect(down.data).toMatchObject({ ready: false, database: { ok: true }, redis: { ok: false }, queue: { ok: false } });
  await redis.start();
  await waitFor('ready again', async () => (await ready()).status === 200, 30000);
});
