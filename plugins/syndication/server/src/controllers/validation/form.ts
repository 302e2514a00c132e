import { yup } from '@strapi/utils';
import { msg, validate } from './common';

/** The item form's current values, as the Content Manager holds them (any field may be missing). */
const planSchema = yup.object({
  data: yup.object().required(msg.required).typeError('Phải là một đối tượng / Must be an object'),
});

export const validatePublishPlan = (body: unknown) => validate<{ data: Record<string, unknown> }>(planSchema, body ?? {});
