import { secret } from '../src/config-helpers/secrets';

export default ({ env }) => ({
  auth: { secret: secret('ADMIN_JWT_SECRET') },
  apiToken: { salt: secret('API_TOKEN_SALT') },
  transfer: { token: { salt: secret('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: secret('ENCRYPTION_KEY') },
  flags: { nps: false, promoteEE: false },
  autoOpen: false,
  serveAdminPanel: env.bool('SERVE_ADMIN', true),
  // "Preview as a portal" for syndicated items (plugins/syndication/server/src/services/preview.ts).
  preview: {
    enabled: true,
    config: {
      handler: (uid: string, params: { documentId?: string; locale?: string; status?: string }) =>
        (globalThis as any).strapi.plugin('syndication').service('preview').url(uid, params),
    },
  },
});
