/**
 * Admin panel entry of the syndication plugin. The review and failed-delivery
 * screens are added by later issues; the content types already appear in the
 * Content Manager.
 */
const PLUGIN_ID = 'syndication';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Đồng bộ tin (Syndication)' });
  },
  bootstrap() {},
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
