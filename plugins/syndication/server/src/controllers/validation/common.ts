import { errors, yup } from '@strapi/utils';
import { ERRORS } from '../../constants';
import { throwFieldErrors } from '../../utils/errors';

/**
 * Validates a request body and throws Strapi's ValidationError (HTTP 400) with one
 * message per field, Vietnamese first, English second, so an editor can act on it.
 */
export async function validate<T>(schema: { validate(v: unknown, o: object): Promise<unknown> }, input: unknown): Promise<T> {
  // yup's cast runs `trim` and friends before any type test: an array or object where text is
  // expected would crash it (a 500). Refuse those first, with their field.
  const fields = (schema as { fields?: Record<string, { type?: string }> }).fields;
  if (fields && input && typeof input === 'object' && !Array.isArray(input)) {
    throwFieldErrors(
      Object.entries(input as Record<string, unknown>)
        .filter(([k, v]) => fields[k]?.type === 'string' && v !== null && typeof v === 'object')
        .map(([k]) => ({ path: [k], message: msg.string }))
    );
  }
  try {
    return (await schema.validate(input, { abortEarly: false, stripUnknown: false, strict: false })) as T;
  } catch (e) {
    if (e instanceof yup.ValidationError) {
      throwFieldErrors((e.inner.length ? e.inner : [e]).flatMap(fieldErrorsOf));
    }
    throw e;
  }
}

/**
 * One yup error as field errors: an unknown-keys error names each unknown key as its own
 * path (not the object holding them), and yup's English-only type errors get bilingual
 * wording.
 */
function fieldErrorsOf(x: yup.ValidationError): { path: string[]; message: string }[] {
  const base = String(x.path ?? '').split(/[.[\]"]/).filter(Boolean);
  if (x.type === 'noUnknown' && x.params?.unknown) {
    return String(x.params.unknown)
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => ({ path: [...base, k], message: msg.unknown(k) }));
  }
  if (x.type === 'typeError' || !/ \/ /.test(String(x.message))) {
    return [{ path: base, message: `Giá trị sai kiểu hoặc không hợp lệ / Wrong type or invalid value (${String(x.message).slice(0, 200)})` }];
  }
  return [{ path: base, message: x.message }];
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

/** yup's noUnknown message; yup passes the unknown keys, comma-separated, as `params.unknown`. */
export const unknownKeysMessage = (params: object) => msg.unknown(String((params as { unknown?: unknown }).unknown));

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
