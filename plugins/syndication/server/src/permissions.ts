/**
 * The plugin's place in Strapi's RBAC: its admin actions (shown under Settings → Roles →
 * Plugins → Syndication) and the "own portal" condition. Registered in `register`, before
 * the admin bootstrap cleans unknown permissions out of the database, so roles keep them
 * across restarts.
 */
import type { Core } from '@strapi/strapi';
import { OWN_PORTAL_CONDITION, PERMISSIONS, PLUGIN_ID } from './constants';
import { adminServices } from './utils/admin-services';
import { editedPortalCodes } from './utils/scope';

/** `uid` is the part after "plugin::syndication."; Strapi builds the action id from it. */
const uidOf = (action: string) => action.slice(`plugin::${PLUGIN_ID}.`.length);

export const ACTIONS = [
  { action: PERMISSIONS.deliveriesRead, subCategory: 'Phân phối / Deliveries', displayName: 'Xem / Read' },
  { action: PERMISSIONS.deliveriesReview, subCategory: 'Phân phối / Deliveries', displayName: 'Duyệt, từ chối / Review' },
  { action: PERMISSIONS.deliveriesRetry, subCategory: 'Phân phối / Deliveries', displayName: 'Gửi lại / Retry' },
  { action: PERMISSIONS.portalsRead, subCategory: 'Cổng thành phần / Portals', displayName: 'Xem / Read' },
  { action: PERMISSIONS.portalsManage, subCategory: 'Cổng thành phần / Portals', displayName: 'Quản lý / Manage' },
  { action: PERMISSIONS.reportsRead, subCategory: 'Báo cáo / Reports', displayName: 'Xem / Read' },
  { action: PERMISSIONS.settingsManage, subCategory: 'Cấu hình / Settings', displayName: 'Lịch, quy tắc chuyên mục / Calendar, category rules' },
  { action: PERMISSIONS.auditRead, subCategory: 'Nhật ký / Audit log', displayName: 'Xem, xuất CSV / Read, export CSV' },
].map(({ action, subCategory, displayName }) => ({ section: 'plugins', pluginName: PLUGIN_ID, uid: uidOf(action), subCategory, displayName }));

export async function registerPermissions(strapi: Core.Strapi) {
  const { permission } = adminServices(strapi);
  await permission.actionProvider.registerMany(ACTIONS);
  await permission.conditionProvider.register({
    plugin: PLUGIN_ID,
    name: uidOf(OWN_PORTAL_CONDITION),
    displayName: 'Thuộc cổng mình phụ trách / Belongs to one of my portals',
    /**
     * Evaluated when Strapi builds the user's ability. No portal → the permission is dropped
     * (the user gets 403). Otherwise a query on `portalCode`, which filters delivery records
     * wherever Strapi's permission checker reads them; this plugin's own controllers read
     * with knex and apply the same scope through utils/scope.ts.
     */
    async handler(user: { email?: string }) {
      const codes = await editedPortalCodes(strapi, user?.email);
      return codes.length === 0 ? false : { portalCode: { $in: codes } };
    },
  });
}
