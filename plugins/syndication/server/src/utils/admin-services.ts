/**
 * The parts of Strapi's admin services this plugin calls. @strapi/types leaves them
 * untyped (`strapi.admin.services` is a record of anything): these are the shapes of
 * Strapi 5's admin package, as far as the plugin uses them.
 */
import type { Core } from '@strapi/strapi';

/** One permission as the admin's role service takes it. */
export interface PermissionInput {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[] };
  conditions?: string[];
}

export interface AdminServices {
  permission: {
    actionProvider: {
      registerMany(actions: object[]): Promise<unknown>;
      /** The registered action with this id (its subjects, options, ...). */
      get(actionId: string): Record<string, unknown> | undefined;
    };
    conditionProvider: { register(condition: object): Promise<unknown> };
  };
  'content-type': {
    /** The actions given, with every field of their subjects listed in `properties.fields`. */
    getPermissionsWithNestedFields(actions: object[]): PermissionInput[];
  };
  role: {
    exists(params: { name: string }): Promise<boolean>;
    create(params: { name: string; description: string }): Promise<{ id: number }>;
    assignPermissions(roleId: number, permissions: PermissionInput[]): Promise<unknown>;
  };
}

export const adminServices = (strapi: Core.Strapi): AdminServices => strapi.admin.services as unknown as AdminServices;
