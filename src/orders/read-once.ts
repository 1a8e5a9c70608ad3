// placeOrder reads its contact twice inside its one transaction: the invoice takes the contact's
// currency (InvoiceBook.draft) and the tax step its address (OrderChargesStep.taxLine). This view
// of the transaction's reads answers the second read from the first, so the record is read and
// parsed once. Sound only while nothing in the transaction writes that record between the reads
// (placeOrder writes no Client), and the record is shared: readers must not change it.
// A class rather than an object of closures: one is made per order.
import type { Id, ReadOps, StoredRecord } from '../store/port.js';

type Scalar = string | number | boolean;

export class ReadingOnce implements ReadOps {
  private first: Promise<StoredRecord | undefined> | undefined;

  constructor(private readonly reader: ReadOps, private readonly collection: string, private readonly id: Id) {}

  get<T extends StoredRecord>(collection: string, id: Id): Promise<T | undefined> {
    if (collection !== this.collection || id !== this.id) return this.reader.get<T>(collection, id);
    return (this.first ??= this.reader.get(collection, id)) as Promise<T | undefined>;
  }

  findBy<T extends StoredRecord>(collection: string, field: string, value: Scalar): Promise<T[]> { return this.reader.findBy<T>(collection, field, value); }
  counter(name: string): Promise<number> { return this.reader.counter(name); }
  getKv<T = unknown>(key: string): Promise<T | undefined> { return this.reader.getKv<T>(key); }
}
