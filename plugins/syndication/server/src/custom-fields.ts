/**
 * The item form's pickers, as Strapi custom fields. The server side only declares the
 * stored type (the values stay the codes and the `targets` object the API uses); the
 * inputs live in admin/src/form.
 */
import type { Core } from '@strapi/strapi';
import { CUSTOM_FIELD, PLUGIN_ID } from './constants';

export function registerCustomFields(strapi: Core.Strapi) {
  strapi.customFields.register([
    { name: CUSTOM_FIELD.category, plugin: PLUGIN_ID, type: 'string' },
    { name: CUSTOM_FIELD.kind, plugin: PLUGIN_ID, type: 'enumeration' },
    { name: CUSTOM_FIELD.targets, plugin: PLUGIN_ID, type: 'json' },
  ]);
}
