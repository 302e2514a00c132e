/**
 * Route policies for inbound safety, attached in routes/*.ts:
 *  - `rate-limit`  : per API token (content API) or per portal (`{ per: 'portal' }`, the
 *                    callback); over the limit → 429 with Retry-After;
 *  - `strict-json` : a write must be JSON (415 otherwise), and its object keys must be
 *                    unique and not `__proto__` / `constructor` / `prototype` (400 with the
 *                    key's path). Size limits are the body parser's (config/middlewares.ts).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SyndicationConfig } from '../config';
import { FORBIDDEN_KEYS, jsonKeyProblems } from '../domain/strict-json';
import { getService } from '../utils';
import type { RequestContext } from '../utils/context';
import { throwFieldErrors } from '../utils/errors';

const UNPARSED = Symbol.for('unparsedBody');

async function rateLimit(ctx: RequestContext, policyConfig: { per?: 'token' | 'portal' } = {}, { strapi }: { strapi: Core.Strapi }) {
  const cfg = strapi.config.get('plugin::syndication') as SyndicationConfig;
  const perPortal = policyConfig?.per === 'portal';
  const bucket = perPortal ? `portal:${String(ctx.params?.code ?? '')}` : `token:${ctx.state?.auth?.credentials?.id ?? `ip:${ctx.request.ip}`}`;
  const decision = await getService('rateLimit', strapi).hit(bucket, perPortal ? cfg.callbackRateLimitPerMinute : cfg.apiRateLimitPerMinute);
  // A policy gets a copy of the Koa context without its methods: headers go through ctx.response.
  ctx.response.set('RateLimit-Limit', String(decision.limit));
  ctx.response.set('RateLimit-Remaining', String(decision.remaining === Infinity ? decision.limit : decision.remaining));
  ctx.response.set('RateLimit-Reset', String(decision.resetSec));
  if (decision.allowed) return true;
  ctx.response.set('Retry-After', String(decision.resetSec));
  const who = perPortal ? `cổng ${ctx.params?.code} / portal ${ctx.params?.code}` : 'API token';
  throw new errors.RateLimitError(
    `Quá nhiều yêu cầu (${decision.limit}/phút cho ${who.split(' / ')[0]}), thử lại sau ${decision.resetSec} giây / Too many requests (${decision.limit}/min for ${who.split(' / ').pop()}), retry after ${decision.resetSec} s`,
    { limit: decision.limit, retryAfter: decision.resetSec }
  );
}

function strictJson(ctx: RequestContext) {
  // The query-string parser silently drops __proto__/constructor keys; refuse them instead.
  let query = String(ctx.request.querystring ?? '');
  try {
    query = decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    /* undecodable: checked as is */
  }
  const forbidden = FORBIDDEN_KEYS.find((k) => new RegExp(`(^|[&\\[])${k}(\\]|=|\\[|&|$)`).test(query));
  if (forbidden) throwFieldErrors([{ path: ['query', forbidden], message: `Tham số không được phép: "${forbidden}" / Forbidden query parameter "${forbidden}"` }]);
  const method = ctx.request.method;
  if (!['POST', 'PUT', 'PATCH'].includes(method)) return true;
  const raw = (ctx.request.body as Record<symbol, unknown> | undefined)?.[UNPARSED];
  const length = Number(ctx.request.headers['content-length'] ?? (typeof raw === 'string' ? raw.length : 0));
  const hasBody = length > 0 || (typeof raw === 'string' && raw.trim() !== '');
  if (hasBody && !ctx.request.is('application/json', 'application/*+json')) {
    const message = 'Nội dung phải là JSON (Content-Type: application/json) / The body must be JSON (Content-Type: application/json)';
    // An error with a status is answered as that HTTP status by Strapi's error middleware.
    throw Object.assign(new Error(message), { status: 415, expose: true, details: { errors: [{ path: ['headers', 'content-type'], message, name: 'ValidationError' }] } });
  }
  if (typeof raw === 'string' && raw.length > 0) throwFieldErrors(jsonKeyProblems(raw));
  return true;
}

export default { 'rate-limit': rateLimit, 'strict-json': strictJson };
