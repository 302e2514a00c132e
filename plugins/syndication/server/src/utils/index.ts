import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { RedisSupervisor } from '../infra/redis';
import type { Services } from '../services';

/** Typed access to this plugin's services: getService('portal').list(...). */
export function getService<N extends keyof Services>(name: N, strapi: Core.Strapi = global.strapi): ReturnType<Services[N]> {
  return strapi.plugin('syndication').service(name) as ReturnType<Services[N]>;
}

/** A documentId for rows the hot path inserts with knex (Strapi only fills it in through its own query layer). */
export const newDocumentId = () => crypto.randomBytes(12).toString('hex');

/** The Strapi instance as this plugin extends it: bootstrap.ts hangs the Redis supervisor on it. */
type SyndicationStrapi = Core.Strapi & { syndicationRedis?: RedisSupervisor };

/** This process's Redis supervisor; undefined until bootstrap connected Redis. */
export const redisSupervisor = (strapi: Core.Strapi): RedisSupervisor | undefined => (strapi as SyndicationStrapi).syndicationRedis;

export function setRedisSupervisor(strapi: Core.Strapi, redis: RedisSupervisor): void {
  (strapi as SyndicationStrapi).syndicationRedis = redis;
}
