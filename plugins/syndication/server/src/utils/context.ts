import type { Context } from 'koa';

/** What a controller action receives: Koa's context with the router's params and the parsed body. */
export type RequestContext = Context & {
  params: Record<string, string>;
  request: Context['request'] & { body?: unknown; rawBody?: string };
};
