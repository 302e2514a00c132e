/**
 * Admin-panel routes (logged-in administrators). The review and failed-delivery
 * screens build on these.
 */
const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { policies: ['admin::isAuthenticatedAdmin'] },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/portals', 'portal.find'),
    route('GET', '/items/:documentId/deliveries', 'item.deliveries'),
    route('POST', '/deliveries/:id/retry', 'delivery.retry'),
    route('POST', '/items/:documentId/retry-failed', 'item.retryFailed'),
    route('POST', '/portals/:code/retry-failed', 'portal.retryFailed'),
  ],
};
