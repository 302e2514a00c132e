/**
 * destroy: stops what bootstrap started, in reverse order, so Ctrl-C, SIGTERM and test
 * teardown leave no open handles and no orphan redis-server. Every step has a time limit
 * (infra/shutdown.ts): whatever the state of Redis and the database, destroy returns.
 * What is not finished stays open in the database for the reconciler.
 */
import type { Core } from '@strapi/strapi';
import type { SyndicationConfig } from './config';
import { step } from './infra/shutdown';
import { getService, redisSupervisor } from './utils';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const { shutdownGraceMs } = strapi.config.get('plugin::syndication') as SyndicationConfig;
  const log = strapi.log;
  await step(log, 'the e-mail notifier', 1500, () => getService('notifier', strapi).stop());
  // The dispatcher waits up to the grace period for attempts in flight, then abandons them.
  // The limits after it add up to about 2.5 s, inside the watchdog's margin (3 s) so that
  // Strapi's own steps (HTTP server, database pool) still get their turn.
  await step(log, 'in-flight delivery attempts', shutdownGraceMs + 1000, () => getService('dispatcher', strapi).stop());
  await step(log, 'the last delivery record writes', 1000, () => getService('recordWriter', strapi).drain());
  await step(log, 'the queue', 500, () => getService('queue', strapi).stop());
  const redis = redisSupervisor(strapi);
  await step(log, 'the Redis connections', 1000, () => redis?.stop());
};
