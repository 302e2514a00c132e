/**
 * Admin panel entry of the syndication plugin. Each part registers from its own
 * folder: screens/ (Overview, Inbox, Failures, Portals, the Content Manager panel).
 */
import { registerScreens, screensTranslations } from './screens/register';
import { bootstrapEditorForm, registerEditorForm } from './form';
import { PLUGIN_ID } from '../../server/src/constants';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Đồng bộ tin (Syndication)' });
    registerScreens(app);
    registerEditorForm(app);
  },
  bootstrap(app: any) {
    bootstrapEditorForm(app);
  },
  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(locales.map(async (locale) => ({ locale, data: { ...(await screensTranslations(locale)) } })));
  },
};
