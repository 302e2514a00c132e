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
