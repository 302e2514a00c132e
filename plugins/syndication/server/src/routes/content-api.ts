/**
 * The integrators' API under /api/syndication, protected by Strapi API tokens:
 * a full-access token reaches everything; a custom token can be limited to these actions.
 */
const INBOUND = ['plugin::syndication.rate-limit', 'plugin::syndication.strict-json'];
const route = (method: string, path: string, handler: string) => ({ method, path, handler, config: { policies: INBOUND } });

export default {
  type: 'content-api',
  routes: [
    route('GET', '/portals', 'portal.find'),
    route('GET', '/portals/:code', 'portal.findOne'),
    route('PUT', '/portals/:code', 'portal.upsert'),
    route('POST', '/portals/:code/retry-failed', 'portal.retryFailed'),
    route('POST', '/portals/:code/rotate-secret', 'portal.rotateSecret'),
    route('POST', '/items', 'item.create'),
    route('GET', '/items/:documentId', 'item.findOne'),
    route('PUT', '/items/:documentId', 'item.update'),
    route('POST', '/items/:documentId/publish', 'item.publish'),
    route('POST', '/items/:documentId/withdraw', 'item.withdraw'),
    route('GET', '/items/:documentId/deliveries', 'item.deliveries'),
    route('POST', '/items/:documentId/retry-failed', 'item.retryFailed'),
    route('GET', '/deliveries/:id', 'delivery.findOne'),
    route('POST', '/deliveries/:id/retry', 'delivery.retry'),
    route('POST', '/deliveries/:id/approve', 'review.approve'),
    route('POST', '/deliveries/:id/reject', 'review.reject'),
    // A portal reporting its board's decision: no API token, the Standard Webhooks signature
    // made with the portal's own secret authenticates it (verified in the review service).
    { method: 'POST', path: '/callbacks/:code', handler: 'review.callback', config: { auth: false, policies: [{ name: 'plugin::syndication.rate-limit', config: { per: 'portal' } }, 'plugin::syndication.strict-json'] } },
    // Decision 96 compliance: working-day calendar, category rules
    route('GET', '/calendar', 'calendar.find'),
    route('PUT', '/calendar/:date', 'calendar.put'),
    route('DELETE', '/calendar/:date', 'calendar.remove'),
    route('GET', '/category-rules', 'categoryRule.find'),
    route('GET', '/category-rules/:code', 'categoryRule.findOne'),
    route('PUT', '/category-rules/:code', 'categoryRule.update'),
    route('POST', '/category-rules/presets/:name', 'categoryRule.applyPreset'),
    route('GET', '/coverage', 'report.coverage'),
    route('GET', '/reports/art15', 'report.art15'),
    route('GET', '/reports/scoring', 'report.scoring'),
    // Loaded by the Content Manager's preview pane: a signed, expiring URL instead of a token.
    { method: 'GET', path: '/preview/:documentId', handler: 'preview.show', config: { auth: false, policies: [] } },
  ],
};
