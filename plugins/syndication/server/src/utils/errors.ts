import { errors } from '@strapi/utils';
import { ERRORS } from '../constants';

export interface FieldError {
  path: string[];
  message: string;
}

/**
 * Throws Strapi's ValidationError (HTTP 400) with one entry per field. A single error
 * is named in the message itself; several point to the details.
 */
export function throwFieldErrors(fieldErrors: FieldError[]): void {
  if (fieldErrors.length === 0) return;
  const first = fieldErrors[0];
  const message = fieldErrors.length === 1 ? `${first.path.join('.') || 'body'}: ${first.message}` : ERRORS.invalidInput;
  throw new errors.ValidationError(message, { errors: fieldErrors.map((f) => ({ ...f, name: 'ValidationError' })) });
}

/**
 * HTTP 409: the request is valid but the record moved on (another decision, a newer
 * version). Strapi's error middleware formats it like its own errors.
 */
export function conflict(message: string, details: Record<string, unknown> = {}): never {
  const error = Object.assign(new Error(message), { status: 409, statusCode: 409, expose: true, name: 'ConflictError', details });
  // An http-errors HttpError is answered with its own status and not logged as a crash.
  Object.setPrototypeOf(error, errors.HttpError.prototype);
  throw error;
}
