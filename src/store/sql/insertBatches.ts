// Rows that concurrent requests insert into one table, in one statement on PostgreSQL, where each
// statement is a round trip and a commit (SQLite already commits such writes together: sqlite.ts).
import type { SqlDriver, SqlValue } from './driver.js';

/** PostgreSQL takes at most 65,535 parameters in a statement. */
const MAX_PARAMETERS = 65_535;

interface Waiting {
  values: SqlValue[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * `INSERT INTO table (columns) VALUES (...)`, one row per `add`. On PostgreSQL the rows added in the
 * same turn of the event loop go in one multi-row INSERT; each `add` resolves once its row is
 * committed, as a statement of its own would. A row that cannot be kept (its user deleted
 * meanwhile, say) fails alone: when the group's statement fails, each row is inserted again on its own.
 */
export class InsertBatches {
  private waiting: Waiting[] = [];
  private readonly head: string;
  private readonly row: string;
  private readonly rowsPerStatement: number;

  constructor(
    private readonly db: SqlDriver,
    table: string,
    columns: readonly string[],
  ) {
    this.head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.row = `(${columns.map(() => '?').join(', ')})`;
    this.rowsPerStatement = Math.floor(MAX_PARAMETERS / columns.length);
  }

  add(values: SqlValue[]): Promise<void> {
    if (this.db.dialect !== 'postgres') return this.insert([values]);
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ values, resolve, reject }) === 1) setImmediate(() => this.insertWaiting());
    });
  }

  private insertWaiting(): void {
    const group = this.waiting.splice(0, this.rowsPerStatement);
    if (this.waiting.length > 0) setImmediate(() => this.insertWaiting());
    this.insert(group.map((w) => w.values)).then(
      () => group.forEach((w) => w.resolve()),
      (error: unknown) => {
        if (group.length === 1) return group[0]!.reject(error);
        for (const w of group) this.insert([w.values]).then(w.resolve, w.reject);
      },
    );
  }

  private async insert(rows: SqlValue[][]): Promise<void> {
    await this.db.run(this.head + rows.map(() => this.row).join(', '), rows.flat());
  }
}
