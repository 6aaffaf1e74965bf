// A worker thread that checkpoints a SQLite WAL into the database file, so that the serving thread
// never does. In WAL mode with synchronous=NORMAL a commit is not synced; a checkpoint is, twice
// (the WAL, then the database file: https://www.sqlite.org/pragma.html#pragma_synchronous). Left to
// SQLite's automatic checkpoint, those syncs fall on whichever request's commit crosses the
// threshold, on the event loop. PASSIVE checkpoints wait for no reader or writer.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy with another process's checkpoint, or the database is going away: try again next time.
  }
}, everyMs);

parentPort!.on('message', (message: string) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort!.postMessage('closed');
});
