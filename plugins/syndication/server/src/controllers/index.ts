import delivery from './delivery';
import item from './item';
import portal from './portal';

export default { portal, item, delivery };
