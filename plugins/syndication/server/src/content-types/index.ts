import portal from './portal/schema.json';
import item from './item/schema.json';
import itemVersion from './item-version/schema.json';
import delivery from './delivery/schema.json';
import deliveryAttempt from './delivery-attempt/schema.json';
import categoryRule from './category-rule/schema.json';
import calendarDay from './calendar-day/schema.json';
import auditEntry from './audit-entry/schema.json';
import notification from './notification/schema.json';

export default {
  portal: { schema: portal },
  item: { schema: item },
  'item-version': { schema: itemVersion },
  delivery: { schema: delivery },
  'delivery-attempt': { schema: deliveryAttempt },
  'category-rule': { schema: categoryRule },
  'calendar-day': { schema: calendarDay },
  'audit-entry': { schema: auditEntry },
  notification: { schema: notification },
};
