/**
 * Readiness: can this process do its job right now? Served unauthenticated at GET /_ready
 * (beside Strapi's own liveness probe /_health) for load balancers and orchestrators:
 * 200 when the database and Redis answer, 503 otherwise, with the detail of each part and
 * the queue's state. It never reveals more than counts.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { SyndicationConfig } from '../config';
import { OPEN_STATUSES } from '../constants';
import { getService, redisSupervisor } from '../utils';

const PROBE_TIMEOUT_MS = 2000;

function within<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const readiness = ({ strapi }: { strapi: Core.Strapi }) => ({
  async check() {
    const config = strapi.config.get('plugin::syndication') as SyndicationConfig;
    const database = await within(strapi.db.connection.raw('SELECT 1'))
      .then(() => ({ ok: true, client: strapi.db.dialect.client as string }))
      .catch((e: Error) => ({ ok: false, client: strapi.db.dialect.client as string, error: e.message }));
    const supervisor = redisSupervisor(strapi);
    const redis = { ok: Boolean(supervisor?.reachable) };
    const q = getService('queue', strapi).queue;
    const queue: Record<string, unknown> & { ok: boolean } = await (q && redis.ok ? within(q.getJobCounts('waiting', 'delayed', 'active', 'prioritized')) : Promise.reject(new Error('Redis unreachable')))
      .then((counts) => ({ ok: true, ...counts }))
      .catch((e: Error) => ({ ok: false, error: e.message }));
    const openDeliveries = database.ok ? await getService('deliveryStore', strapi).count({ statuses: OPEN_STATUSES }).catch(() => null) : null;
    const worker = { embedded: config.embeddedWorker, running: Boolean(getService('dispatcher', strapi).running) };
    const ready = database.ok && redis.ok && queue.ok;
    return { ready, database, redis, queue, worker, openDeliveries, checkedAt: new Date().toISOString() };
  },

  /** Registers GET /_ready on the server's router (no auth, like /_health). */
  mount() {
    strapi.server.router.get('/_ready', async (ctx: Context) => {
      const report = await this.check();
      ctx.set('Cache-Control', 'no-store');
      ctx.status = report.ready ? 200 : 503;
      ctx.body = report;
    });
  },
});

export type ReadinessService = typeof readiness;
export default readiness;
