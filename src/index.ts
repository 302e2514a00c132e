import type { Core } from '@strapi/strapi';

/**
 * The application itself does little: the syndication plugin (plugins/syndication)
 * owns the domain. The demo wiring runs only when scripts/demo.js asks for it.
 */
export default {
  register() {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.SYNDICATION_DEMO === 'true') {
      const { runDemoBootstrap } = await import('./demo/bootstrap');
      await runDemoBootstrap(strapi);
    }
  },
};
