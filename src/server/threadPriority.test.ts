import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BACKGROUND_NICENESS, lowerBackgroundThreads } from './threadPriority.js';

/** A thread's nice value: field 19 of /proc/<pid>/task/<tid>/stat, counted after the command's closing parenthesis. */
const niceOf = (thread: string) => Number(readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

describe('lowerBackgroundThreads', { skip: !existsSync('/proc/self/task') && 'per-thread priorities are read from /proc (Linux)' }, () => {
  it('gives every thread but the main one, the thread pool included, a lower priority, and leaves the main thread as it was', async () => {
    const before = niceOf(String(process.pid));
    const lowered = await lowerBackgroundThreads();
    const threads = readdirSync('/proc/self/task').filter((thread) => Number(thread) !== process.pid);
    // The main thread, and at least libuv's two or more pool threads besides V8's.
    assert.ok(lowered >= 2, `${lowered} threads lowered`);
    assert.equal(niceOf(String(process.pid)), before);
    for (const thread of threads) assert.equal(niceOf(thread), Math.min(19, before + BACKGROUND_NICENESS), `thread ${thread}`);
  });
});
