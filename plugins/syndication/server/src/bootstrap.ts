/**
 * bootstrap: wires the running parts. Seeds the registry and the Decision 96 rules,
 * connects Redis, opens the queue, starts the embedded worker (unless disabled) and
 * reconciles open deliveries left from before the restart.
 */
import type { Core } from '@strapi/strapi';
import type { SyndicationConfig } from './config';
import { OPEN_STATUSES } from './constants';
import { RedisSupervisor } from './infra/redis';
import { watchShutdownSignals } from './infra/shutdown';
import { getService, setRedisSupervisor } from './utils';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::syndication') as SyndicationConfig;
  // Strapi destroys on SIGTERM/SIGINT; this makes sure the process also exits when a step hangs.
  watchShutdownSignals({ graceMs: config.shutdownGraceMs, log: strapi.log, what: `process ${process.pid}` });

  if (strapi.db.dialect.client === 'sqlite') {
    // WAL lets a separate worker process read while the hub writes.
    await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
  }
  await ensureIndexes(strapi);
  await getService('audit', strapi).ensureAppendOnly();
  getService('readiness', strapi).mount();
  // Portal secrets stored in clear (or under a former master key) are sealed under the current key.
  const { sealed } = await getService('secrets', strapi).migrate();
  if (sealed > 0) strapi.log.info(`[syndication] sealed ${sealed} portal signing secret(s) under the current key`);

  if (config.seedRegistry) {
    const rules = await getService('categoryRule', strapi).seed();
    const portals = await getService('portal', strapi).seed();
    strapi.log.info(`[syndication] registry: ${portals.created} portals created, ${portals.existing} kept; ${rules.created} category rules created`);
    // The admin roles are seeded later, from the application's bootstrap (roles.seedOnStart):
    // the admin module bootstraps after the plugins, and creates its own roles (Super Admin
    // included) only when no role exists at all.
  }

  // Vietnamese labels and hints in the Content Manager (after it synced its configuration).
  await getService('contentManagerLayout', strapi).seed();

  const redis = await RedisSupervisor.start({ url: config.redisUrl, clusterNodes: config.redisClusterNodes, startWaitMs: config.redisStartWaitMs, log: strapi.log });
  redis.countWaiting = () => countOpenDeliveries(strapi);
  setRedisSupervisor(strapi, redis);
  getService('queue', strapi).start(redis);
  if (config.embeddedWorker) {
    // The gate's connection pipelines the many small commands that concurrent attempts issue in one tick.
    getService('dispatcher', strapi).start(() => redis.connect({ enableAutoPipelining: true }), redis.connect());
    strapi.log.info(`[syndication] delivery worker running in this process (concurrency ${config.concurrency}, ${config.portalConcurrency} per portal)`);
  }
  await getService('queue', strapi).reconcile();
  // E-mail to editors (items awaiting review) and administrators (failures, deadlines).
  await getService('notifier', strapi).start();
};

/** Deliveries not finished yet, for the Redis outage reminders. */
const countOpenDeliveries = (strapi: Core.Strapi) => getService('deliveryStore', strapi).count({ statuses: OPEN_STATUSES });

/** Indexes Strapi's schema format cannot express (the delivery tables' are the store's). */
async function ensureIndexes(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  await getService('deliveryStore', strapi).ensureIndexes();
  await knex.raw('CREATE UNIQUE INDEX IF NOT EXISTS syndication_item_versions_uq ON syndication_item_versions (item_document_id, version)');
}
