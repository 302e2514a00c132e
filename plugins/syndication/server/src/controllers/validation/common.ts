import { errors, yup } from '@strapi/utils';
import { ERRORS } from '../../constants';
import { throwFieldErrors } from '../../utils/errors';

/**
 * Validates a request body and throws Strapi's ValidationError (HTTP 400) with one
 * message per field, Vietnamese first, English second, so an editor can act on it.
 */
export async function validate<T>(schema: { validate(v: unknown, o: object): Promise<unknown> }, input: unknown): Promise<T> {
  try {
    return (await schema.validate(input, { abortEarly: false, stripUnknown: false, strict: false })) as T;
  } catch (e) {
    if (e instanceof yup.ValidationError) {
      throwFieldErrors((e.inner.length ? e.inner : [e]).map((x) => ({ path: (x.path ?? '').split(/[.[\]"]/).filter(Boolean), message: x.message })));
    }
    throw e;
  }
}

export const msg = {
  required: 'Bắt buộc nhập / Required',
  string: 'Phải là chuỗi ký tự / Must be text',
  url: 'Phải là địa chỉ http:// hoặc https:// hợp lệ / Must be a valid http(s) URL',
  email: 'Địa chỉ email không hợp lệ / Not a valid email address',
  date: 'Ngày không hợp lệ (dùng dạng 2025-09-15 hoặc ISO 8601) / Not a valid date (use 2025-09-15 or ISO 8601)',
  oneOf: (values: readonly string[]) => `Phải là một trong: ${values.join(', ')} / Must be one of: ${values.join(', ')}`,
  max: (n: number) => `Tối đa ${n} ký tự / At most ${n} characters`,
  unknown: (keys: string) => `Trường không được hỗ trợ: ${keys} / Unknown field(s): ${keys}`,
};

export const isHttpUrl = (v: string | null | undefined) => {
  if (v == null || v === '') return true;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname);
  } catch {
    return false;
  }
};

/** A delivery id from the path; anything but a positive integer names no record (404). */
export const deliveryId = (raw: string) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new errors.NotFoundError(ERRORS.deliveryNotFound(raw));
  return id;
};
