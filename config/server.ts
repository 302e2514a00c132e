import { secret } from '../src/config-helpers/secrets';

export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Absolute public address of the hub: links to originals and attachment URLs are built from it.
  url: env('PUBLIC_URL', ''),
  app: { keys: secret('APP_KEYS', 4).split(',') },
  webhooks: { populateRelations: false },
  // No update checks: the hub runs on a closed government network.
  logger: { updates: { enabled: false }, startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) } },
});
