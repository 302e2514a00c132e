import { secret } from '../src/config-helpers/secrets';

/**
 * E-mail (Strapi's email plugin, nodemailer provider) is configured only when SMTP_HOST is
 * set; without it the hub logs the mails it would send and carries on (README, "E-mail").
 */
const email = (env) =>
  env('SMTP_HOST')
    ? {
        email: {
          config: {
            provider: 'nodemailer',
            providerOptions: {
              host: env('SMTP_HOST'),
              port: env.int('SMTP_PORT', 587),
              secure: env.bool('SMTP_SECURE', false),
              ...(env('SMTP_USER') ? { auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS') } } : {}),
              connectionTimeout: 10000,
              greetingTimeout: 10000,
              socketTimeout: 20000,
            },
            settings: {
              defaultFrom: env('EMAIL_FROM', 'Cổng TTĐT tỉnh Bắc Ninh <no-reply@bacninh.gov.vn>'),
              defaultReplyTo: env('EMAIL_REPLY_TO', env('EMAIL_FROM', 'Cổng TTĐT tỉnh Bắc Ninh <no-reply@bacninh.gov.vn>')),
            },
          },
        },
      }
    : {};

export default ({ env }) => ({
  ...email(env),
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
