// Job and OrderItem as DataService sees them: read like native tables (they are stored records),
// but every write goes to the orders module, which keeps the order's invoice and its totals in the
// same transaction (src/orders/book.ts). Access letters follow keap-xmlrpc.md §4.3 (both EAR).
import type { JobRecord, OrderItemRecord } from '../../orders/records.js';
import { nativeSource } from './native.js';
import type { TableSource } from './types.js';

export function orderItemSource(): TableSource {
  const native = nativeSource('OrderItem', { indexed: ['OrderId'] });
  return {
    ...native,
    insert: (deps, tx, values) => deps.orders.addOrderItem(tx, values as Partial<OrderItemRecord>),
    update: (deps, tx, id, values) => deps.orders.updateOrderItem(tx, id, values as Partial<OrderItemRecord>),
    remove: undefined,
  };
}

export function jobSource(): TableSource {
  const native = nativeSource('Job', { indexed: ['ContactId'], createdField: 'DateCreated', updatedField: 'LastUpdated' });
  return {
    ...native,
    insert: (deps, tx, values) => deps.orders.addJob(tx, values as Partial<JobRecord>),
    update: (deps, tx, id, values) => deps.orders.updateJob(tx, id, values as Partial<JobRecord>),
    remove: undefined,
  };
}
