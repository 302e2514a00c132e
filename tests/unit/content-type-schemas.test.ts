/**
 * The content-type schemas are JSON files Strapi reads as they are: they cannot import the
 * constants the code validates against. These checks keep the two from drifting apart:
 * every enumeration and every default that names a domain value must equal its constant.
 */
import contentTypes from '../../plugins/syndication/server/src/content-types';
import {
  ADAPTERS,
  AUDIT_ACTOR_TYPES,
  CALENDAR_DAY_TYPES,
  DEFAULT_CATEGORY,
  DELIVERY_STATUS,
  DIRECTION_KINDS,
  PUBLISH_MODES,
  SOURCE_CREDIT,
  TIERS,
} from '../../plugins/syndication/server/src/constants';
import { BODY_FORMATS, EDITOR_BODY_FORMAT } from '../../plugins/syndication/server/src/domain/body';
import { RECIPIENT_RULES } from '../../plugins/syndication/server/src/domain/decision-96';
import { DEFAULT_TARGETS } from '../../plugins/syndication/server/src/domain/targets';

type Attribute = { type: string; enum?: string[]; default?: unknown; conditions?: unknown };
type Name = keyof typeof contentTypes;

const attr = (type: Name, field: string): Attribute => {
  const a = (contentTypes[type].schema.attributes as Record<string, Attribute>)[field];
  if (!a) throw new Error(`${type}.${field} is not in the schema`);
  return a;
};

/** Every attribute that lists allowed values, with the constant it must equal. */
const ENUMS: [Name, string, readonly string[]][] = [
  ['item', 'bodyFormat', BODY_FORMATS],
  ['item', 'kind', DIRECTION_KINDS],
  ['portal', 'tier', TIERS],
  ['portal', 'adapter', ADAPTERS],
  ['portal', 'publishMode', PUBLISH_MODES],
  ['category-rule', 'recipients', RECIPIENT_RULES],
  ['calendar-day', 'type', CALENDAR_DAY_TYPES],
  ['audit-entry', 'actorType', AUDIT_ACTOR_TYPES],
];

describe('content-type schemas agree with the constants', () => {
  it.each(ENUMS)('%s.%s lists exactly the values of its constant', (type, field, values) => {
    expect(attr(type, field).enum).toEqual([...values]);
  });

  it('no enumeration in any schema is left unchecked', () => {
    const listed = Object.entries(contentTypes).flatMap(([type, { schema }]) =>
      Object.entries(schema.attributes as Record<string, Attribute>)
        .filter(([, a]) => a.enum !== undefined)
        .map(([field]) => `${type}.${field}`)
    );
    expect(listed.sort()).toEqual(ENUMS.map(([type, field]) => `${type}.${field}`).sort());
  });

  it('item defaults: credit (Decision 96, Art. 6.1), category, body format and targets', () => {
    expect(attr('item', 'credit').default).toBe(SOURCE_CREDIT);
    expect(attr('item', 'category').default).toBe(DEFAULT_CATEGORY);
    expect(attr('item', 'bodyFormat').default).toBe(EDITOR_BODY_FORMAT);
    expect(attr('item', 'targets').default).toEqual(DEFAULT_TARGETS);
  });

  it('the kind field shows only for the default category (8.1.c)', () => {
    expect(attr('item', 'kind').conditions).toEqual({ visible: { '==': [{ var: 'category' }, DEFAULT_CATEGORY] } });
  });

  it('a new delivery record is pending', () => {
    expect(attr('delivery', 'status').default).toBe(DELIVERY_STATUS.pending);
  });

  it.each([
    ['portal', 'adapter'],
    ['portal', 'publishMode'],
    ['category-rule', 'recipients'],
  ] as [Name, string][])('%s.%s defaults to one of its values', (type, field) => {
    const a = attr(type, field);
    expect(a.enum).toContain(a.default);
  });
});
