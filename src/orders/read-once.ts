// placeOrder reads its contact twice inside its one transaction: the invoice takes the contact's
// currency (InvoiceBook.draft) and the tax step its address (OrderChargesStep.taxLine). This view
// of the transaction's reads answers the second read from the first, so the record is read and
// parsed once. Sound only while nothing in the transaction writes that record between the reads
// (placeOrder writes no Client), and the record is shared: readers must not change it.
import type { Id, ReadOps, StoredRecord } from '../store/port.js';

export function readingOnce(reader: ReadOps, collection: string, id: Id): ReadOps {
  let first: Promise<StoredRecord | undefined> | undefined;
  return {
    get: <T extends StoredRecord>(c: string, i: Id) => (c === collection && i === id ? (first ??= reader.get(c, i)) : reader.get(c, i)) as Promise<T | undefined>,
    findBy: (c, f, v) => reader.findBy(c, f, v),
    counter: (n) => reader.counter(n),
    getKv: (k) => reader.getKv(k),
  };
}
