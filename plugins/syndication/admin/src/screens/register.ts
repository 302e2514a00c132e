/**
 * Registers the hub's screens (Overview, Inbox, Failures, Portals) and the Content
 * Manager side panel, and provides their translations (Vietnamese first, English).
 */
import { PaperPlane } from '@strapi/icons';
import { ACTIONS, PLUGIN_ID } from './constants';
import { DeliveryPanel } from './panel/DeliveryPanel';

export function registerScreens(app: any) {
  app.addMenuLink({
    to: `plugins/${PLUGIN_ID}`,
    icon: PaperPlane,
    intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: 'Đồng bộ tin' },
    Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    // Any one of these opens the plugin; each screen checks its own action.
    permissions: [
      { action: ACTIONS.readDeliveries, subject: null },
      { action: ACTIONS.review, subject: null },
      { action: ACTIONS.readPortals, subject: null },
      { action: ACTIONS.readReports, subject: null },
    ],
    position: 3,
  });
  const cm = app.getPlugin('content-manager')?.apis;
  if (cm && typeof cm.addEditViewSidePanel === 'function') cm.addEditViewSidePanel([DeliveryPanel]);
}

/** This plugin's screen messages for `locale`, keyed `syndication.*`. */
export async function screensTranslations(locale: string): Promise<Record<string, string>> {
  const file = locale === 'vi' ? await import('./translations/vi.json') : locale === 'en' ? await import('./translations/en.json') : null;
  if (!file) return {};
  return Object.fromEntries(Object.entries(file.default as Record<string, string>).map(([k, v]) => [`${PLUGIN_ID}.${k}`, v]));
}
