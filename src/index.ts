import type { Core } from '@strapi/strapi';
import { assertProductionSecrets } from './config-helpers/secrets';

/**
 * The application itself does little: the syndication plugin (plugins/syndication)
 * owns the domain. The demo wiring runs only when scripts/demo.js asks for it.
 */
export default {
  // Production secrets are checked when the server starts (here), not when the
  // configuration is read: `strapi build` reads it too and must work without them.
  register({ strapi }: { strapi: Core.Strapi }) {
    const syndication = strapi.config.get('plugin::syndication') as { secretKey?: string } | undefined;
    assertProductionSecrets(strapi.config, syndication?.secretKey ? [] : ['SYNDICATION_SECRET_KEY']);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Here, not in the plugin's bootstrap: it must run after the admin's, which creates
    // Strapi's own roles (Super Admin included) only when no role exists yet.
    await strapi.plugin('syndication').service('roles').seedOnStart();
    if (process.env.SYNDICATION_DEMO === 'true') {
      const { runDemoBootstrap } = await import('./demo/bootstrap');
      await runDemoBootstrap(strapi);
    }
  },
};
