/**
 * Admin-panel routes (admin JWT). Every route names the permission action it needs
 * (constants.ts PERMISSIONS): Strapi's `admin::hasPermissions` policy refuses a user
 * without it (403), and the controller narrows to the user's portals when the
 * permission carries the own-portal condition (utils/scope.ts).
 *
 * Adding a route here? Add its row to the RBAC table in tests/integration/rbac.test.ts,
 * or that suite fails.
 */
import { PERMISSIONS, UID, type PermissionAction } from '../constants';

/** A plugin action, or [action, subject] for another plugin's action on one content type. */
export const adminRoute = (method: string, path: string, handler: string, actions: (PermissionAction | [string, string])[]) => ({
  method,
  path,
  handler,
  config: {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions } }, 'plugin::syndication.strict-json'],
  },
});

const CM_ITEM = (action: 'read' | 'publish') => `plugin::content-manager.explorer.${action}`;

const { deliveriesRead, deliveriesReview, deliveriesRetry, portalsRead, portalsManage, reportsRead, settingsManage, auditRead } = PERMISSIONS;

export default {
  type: 'admin',
  routes: [
    adminRoute('GET', '/portals', 'portal.find', [portalsRead]),
    adminRoute('GET', '/items/:documentId/deliveries', 'item.deliveries', [deliveriesRead]),
    adminRoute('POST', '/deliveries/:id/retry', 'delivery.retry', [deliveriesRetry]),
    adminRoute('POST', '/items/:documentId/retry-failed', 'item.retryFailed', [deliveriesRetry]),
    adminRoute('POST', '/portals/:code/retry-failed', 'portal.retryFailed', [deliveriesRetry]),
    adminRoute('POST', '/portals/:code/rotate-secret', 'portal.rotateSecret', [portalsManage]),
    // Review (portals in review mode)
    adminRoute('GET', '/inbox', 'review.inbox', [deliveriesRead]),
    adminRoute('POST', '/deliveries/approve', 'review.approveMany', [deliveriesReview]),
    adminRoute('POST', '/deliveries/:id/approve', 'review.approve', [deliveriesReview]),
    adminRoute('POST', '/deliveries/:id/reject', 'review.reject', [deliveriesReview]),
    // Decision 96 compliance: reading needs reports.read, editing settings.manage
    adminRoute('GET', '/calendar', 'calendar.find', [reportsRead]),
    adminRoute('PUT', '/calendar/:date', 'calendar.put', [settingsManage]),
    adminRoute('DELETE', '/calendar/:date', 'calendar.remove', [settingsManage]),
    adminRoute('GET', '/category-rules', 'categoryRule.find', [reportsRead]),
    adminRoute('PUT', '/category-rules/:code', 'categoryRule.update', [settingsManage]),
    adminRoute('POST', '/category-rules/presets/:name', 'categoryRule.applyPreset', [settingsManage]),
    adminRoute('GET', '/coverage', 'report.coverage', [reportsRead]),
    adminRoute('GET', '/reports/art15', 'report.art15', [reportsRead]),
    adminRoute('GET', '/reports/scoring', 'report.scoring', [reportsRead]),
    // The screens' read models and portal actions (controllers/operations.ts).
    adminRoute('GET', '/overview', 'operations.overview', [deliveriesRead]),
    adminRoute('GET', '/matrix', 'operations.matrix', [deliveriesRead]),
    adminRoute('GET', '/at-risk', 'operations.atRisk', [deliveriesRead]),
    adminRoute('GET', '/items/:documentId/progress', 'operations.itemProgress', [deliveriesRead]),
    adminRoute('GET', '/failures', 'operations.failures', [deliveriesRead]),
    adminRoute('GET', '/deliveries/:id/details', 'operations.details', [deliveriesRead]),
    adminRoute('POST', '/deliveries/retry', 'operations.retrySelected', [deliveriesRetry]),
    adminRoute('PUT', '/portals/:code', 'operations.updatePortal', [portalsManage]),
    adminRoute('POST', '/portals/:code/pause', 'operations.pause', [portalsManage]),
    adminRoute('POST', '/portals/:code/resume', 'operations.resume', [portalsManage]),
    adminRoute('POST', '/portals/:code/test', 'operations.test', [portalsManage]),
    // Audit log (read-only: no route changes it)
    adminRoute('GET', '/audit', 'audit.find', [auditRead]),
    adminRoute('GET', '/audit/export', 'audit.exportCsv', [auditRead]),
    // The item form in the Content Manager (pickers and Before Publish): whoever may read / publish items there.
    adminRoute('GET', '/form/options', 'form.options', [[CM_ITEM('read'), UID.item]]),
    adminRoute('POST', '/form/publish-plan', 'form.plan', [[CM_ITEM('publish'), UID.item]]),
  ],
};
