// Statements outside transactions, pipelined. A lane is one connection in node-postgres's pipeline
// mode: a statement is written as soon as it is asked for, each with its own Sync (so each is its
// own transaction and fails alone), without waiting for the answers to those before it. PostgreSQL's
// backend then reads and answers them one after another without sleeping in between: on a busy
// node, one wake-up of the backend and one read of its answers serve several statements, where a
// pooled connection costs both for every statement.
//
// Statements go to the first lane while it keeps up: the fewer backends share them, the more each
// wake-up serves. A lane answers in order, so one slow statement (a lock wait, a long scan) holds
// back those behind it: a lane whose oldest statement has waited longer than STALLED_AFTER_MS takes
// no more, the next lane does, and while no lane can (or none is connected) statements go to the pool.
import pg from 'pg';

/** How long a statement may have been waiting on a lane before that lane takes no more (they go elsewhere). */
export const STALLED_AFTER_MS = 20;
/** After a lane's connection fails, how long before another is opened in its place. */
const REOPEN_AFTER_MS = 1000;

interface Lane {
  readonly client: pg.Client;
  connected: boolean;
  /** When each statement in flight was sent (performance.now()), oldest first. */
  readonly sent: number[];
}

export class PipelinedLanes {
  private readonly lanes: (Lane | undefined)[];
  private reopenAt = 0;
  private closed = false;

  constructor(
    private readonly clientConfig: pg.ClientConfig,
    count: number,
    private readonly onBackgroundError?: (error: Error) => void,
  ) {
    this.lanes = Array.from({ length: count }, () => undefined);
  }

  /** The statement on a lane, or undefined when no lane can take it now (the caller then uses a pooled connection). */
  query(config: pg.QueryConfig): Promise<pg.QueryResult> | undefined {
    const lane = this.pick();
    if (!lane) return undefined;
    const sentAt = performance.now();
    lane.sent.push(sentAt);
    return lane.client.query(config).finally(() => {
      const index = lane.sent.indexOf(sentAt);
      if (index >= 0) lane.sent.splice(index, 1);
    });
  }

  /** The first connected lane whose oldest statement in flight has not stalled; lanes not open are opened. */
  private pick(): Lane | undefined {
    const now = performance.now();
    let picked: Lane | undefined;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] ?? this.open(i, now);
      if (picked || !lane?.connected) continue;
      if (lane.sent.length === 0 || now - lane.sent[0]! <= STALLED_AFTER_MS) picked = lane;
    }
    return picked;
  }

  private open(index: number, now: number): Lane | undefined {
    if (this.closed || now < this.reopenAt) return undefined;
    const client = new pg.Client({ ...this.clientConfig, pipeline: true });
    const lane: Lane = { client, connected: false, sent: [] };
    this.lanes[index] = lane;
    const lost = (error?: Error) => {
      if (this.lanes[index] !== lane) return;
      this.lanes[index] = undefined;
      this.reopenAt = performance.now() + REOPEN_AFTER_MS;
      if (error) this.onBackgroundError?.(error);
      client.end().catch(() => undefined);
    };
    // A dropped connection fails the statements in flight on it (their callers see the error, as on
    // a pooled connection); the lane is opened afresh later.
    client.on('error', lost);
    client.on('end', () => lost());
    // A failure to connect is not reported: while the database is unreachable, requests say so.
    client.connect().then(
      () => {
        lane.connected = true;
      },
      () => lost(),
    );
    return lane;
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = this.lanes.filter((lane): lane is Lane => lane !== undefined);
    this.lanes.fill(undefined);
    await Promise.all(open.map((lane) => lane.client.end().catch(() => undefined)));
  }
}
