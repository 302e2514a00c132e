import { secret } from '../src/config-helpers/secrets';

export default ({ env }) => ({
  syndication: {
    enabled: true,
    resolve: './plugins/syndication',
    // Every option and its default: plugins/syndication/server/src/config/index.ts
    config: {
      // Outside production a missing key is generated once, like Strapi's own dev secrets;
      // in production SYNDICATION_SECRET_KEY is required when the hub starts (not to build).
      ...(env('NODE_ENV') === 'production' ? {} : { secretKey: secret('SYNDICATION_SECRET_KEY', 1, 32) }),
    },
  },
});
