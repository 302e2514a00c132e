import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Services } from '../services';

/** Typed access to this plugin's services: getService('portal').list(...). */
export function getService<N extends keyof Services>(name: N, strapi: Core.Strapi = (global as any).strapi): ReturnType<Services[N]> {
  return strapi.plugin('syndication').service(name) as ReturnType<Services[N]>;
}

/** A documentId for rows the hot path inserts with knex (Strapi only fills it in through its own query layer). */
export const newDocumentId = () => crypto.randomBytes(12).toString('hex');
