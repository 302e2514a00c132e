import audit from './audit';
import calendar from './calendar';
import categoryRule from './category-rule';
import delivery from './delivery';
import report from './report';
import form from './form';
import item from './item';
import operations from './operations';
import portal from './portal';
import preview from './preview';
import review from './review';

export default { portal, item, delivery, review, calendar, categoryRule, report, operations, audit, form, preview };
