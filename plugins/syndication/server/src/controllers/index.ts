import delivery from './delivery';
import item from './item';
import portal from './portal';
import review from './review';

export default { portal, item, delivery, review };
