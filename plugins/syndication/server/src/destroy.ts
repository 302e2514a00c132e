/**
 * destroy: stops what bootstrap started, in reverse order, so Ctrl-C and test
 * teardown leave no open handles and no orphan redis-server.
 */
import type { Core } from '@strapi/strapi';
import type { RedisSupervisor } from './infra/redis';
import { getService } from './utils';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService('dispatcher', strapi).stop();
  await getService('recordWriter', strapi).drain().catch(() => undefined);
  await getService('queue', strapi).stop();
  const redis = (strapi as any).syndicationRedis as RedisSupervisor | undefined;
  await redis?.stop();
};
