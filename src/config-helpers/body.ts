/**
 * Request body limits and parse errors (config/middlewares.ts, `strapi::body`).
 * A body over the limit answers 413, malformed JSON 400; both name the field (`body`)
 * and say what to do, Vietnamese first, like every other validation error.
 */
export const JSON_LIMIT = process.env.BODY_JSON_LIMIT || '2mb';

export function bodyParseError(error: any, ctx: any): never {
  const tooLarge = error?.status === 413 || error?.type === 'entity.too.large';
  const proto = /prototype/i.test(String(error?.message));
  const message = tooLarge
    ? `Nội dung yêu cầu quá lớn (tối đa ${JSON_LIMIT}) / Request body too large (at most ${JSON_LIMIT})`
    : proto
      ? 'JSON chứa khóa __proto__ hoặc constructor.prototype, không được phép / JSON with a __proto__ or constructor.prototype key is refused'
      : `JSON không hợp lệ: ${String(error?.message ?? '').slice(0, 200)} / Malformed JSON body`;
  ctx.throw(tooLarge ? 413 : 400, message, {
    details: { errors: [{ path: ['body'], message, name: tooLarge ? 'PayloadTooLargeError' : 'ValidationError' }] },
  });
  throw error; // not reached: ctx.throw throws
}
