/**
 * The Content Manager's view of this plugin's content types: Vietnamese labels and hints,
 * read-only `version` and `credit`. Strapi keeps that view in its core store
 * (`plugin_content_manager_configuration_content_types::<uid>`), which administrators edit
 * in "Configure the view". Seeding runs after the Content Manager synced its configuration
 * and touches a field once: only while it still has Strapi's defaults, and never again once
 * recorded as seeded, so an administrator's change survives every restart.
 */
import type { Core, UID } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { FIELD_LABELS, type FieldLabel } from '../domain/field-labels';

const SEEDED_KEY = 'content-manager-layout-seeded';

/** One field's settings in the edit or list view. */
interface FieldView {
  label?: string;
  description?: string;
  placeholder?: string;
  editable?: boolean;
  visible?: boolean;
}

/** A content type's stored Content Manager configuration, as far as the labels touch it. */
export interface CmConfiguration {
  uid?: string;
  metadatas?: Record<string, { edit?: FieldView; list?: FieldView }>;
  /** The edit form: rows of fields. */
  layouts?: { edit?: { name: string; size?: number }[][] } & Record<string, unknown>;
  [key: string]: unknown;
}

/** The Content Manager's content-types service, as far as the seed uses it. */
interface CmContentTypes {
  findConfiguration(contentType: unknown): Promise<CmConfiguration>;
  updateConfiguration(contentType: unknown, configuration: Omit<CmConfiguration, 'uid'>): Promise<unknown>;
}

/** Applies the labels to one stored configuration; returns the fields it changed. */
export function applyLabels(configuration: CmConfiguration | null | undefined, labels: Record<string, FieldLabel>, alreadySeeded: Set<string>): string[] {
  const changed: string[] = [];
  for (const [field, want] of Object.entries(labels)) {
    const meta = configuration?.metadatas?.[field];
    if (!meta || alreadySeeded.has(field)) continue;
    const edit = (meta.edit ??= {});
    const list = (meta.list ??= {});
    if (!edit.label || edit.label === field) edit.label = want.label;
    if (!edit.description && want.description) edit.description = want.description;
    if (!edit.placeholder && want.placeholder) edit.placeholder = want.placeholder;
    if (want.editable === false && edit.editable !== false) edit.editable = false;
    if (want.visible === false && edit.visible !== false) edit.visible = false;
    if (!list.label || list.label === field) list.label = want.label;
    changed.push(field);
  }
  // A field hidden from the form must not keep a place in the edit layout.
  if (configuration?.layouts?.edit) {
    const hidden = new Set(Object.entries(labels).filter(([f, l]) => l.visible === false && changed.includes(f)).map(([f]) => f));
    if (hidden.size) {
      configuration.layouts.edit = configuration.layouts.edit
        .map((row) => row.filter((cell) => !hidden.has(cell.name)))
        .filter((row) => row.length > 0);
    }
  }
  return changed;
}

const contentManagerLayout = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: SEEDED_KEY });
  const cmTypes = () => strapi.plugin('content-manager').service('content-types') as CmContentTypes;

  return {
    async seed(): Promise<{ fields: number }> {
      const seeded = ((await store().get({})) as Record<string, string[]> | null) ?? {};
      let fields = 0;
      for (const [uid, labels] of Object.entries(FIELD_LABELS)) {
        const contentType = strapi.contentType(uid as UID.ContentType);
        if (!contentType) continue;
        const configuration = await cmTypes().findConfiguration(contentType);
        const done = new Set(seeded[uid] ?? []);
        const changed = applyLabels(configuration, labels, done);
        if (!changed.length) continue;
        const { uid: _uid, ...rest } = configuration;
        await cmTypes().updateConfiguration(contentType, rest);
        seeded[uid] = [...done, ...changed];
        fields += changed.length;
      }
      if (fields) await store().set({ value: seeded });
      return { fields };
    },
  };
};

export type ContentManagerLayoutService = typeof contentManagerLayout;
export default contentManagerLayout;
