import type { Core } from '@strapi/strapi';
import type { Services } from '../services';

/** Typed access to this plugin's services: getService('portal').list(...). */
export function getService<N extends keyof Services>(name: N, strapi: Core.Strapi = (global as any).strapi): ReturnType<Services[N]> {
  return strapi.plugin('syndication').service(name) as ReturnType<Services[N]>;
}
