// The event loop answers every request; libuv's thread pool (token signatures, passkey assertions,
// password hashes), V8's helper threads and the WAL checkpointer only serve it. Where they compete
// for a core, the kernel runs whichever it likes: measured under load on two cores, the event loop
// waited for a core a third as long as it ran, mostly behind the pool's RSA signatures it had just
// queued. So a serving process gives every thread but its main one a lower priority: they take what
// the event loop leaves, and an idle machine runs them as before. Linux sets priorities per thread
// (/proc/self/task lists them); elsewhere nothing changes.
import { randomFill } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much nicer background threads are than the main one: under contention they get about a tenth of its share. */
export const BACKGROUND_NICENESS = 10;
const NICEST = 19;

/** Lowers the priority of every thread of this process but the main one; returns how many were lowered. */
export async function lowerBackgroundThreads(): Promise<number> {
  // libuv starts all its pool threads with the first job: make sure they exist.
  await new Promise((resolve) => randomFill(Buffer.alloc(1), resolve));
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  const niceness = Math.min(NICEST, getPriority(process.pid) + BACKGROUND_NICENESS);
  let lowered = 0;
  for (const thread of threads) {
    const id = Number(thread);
    if (id === process.pid) continue;
    try {
      setPriority(id, niceness);
      lowered++;
    } catch {
      // A thread that has ended since, or a system that refuses: it keeps its priority.
    }
  }
  return lowered;
}
