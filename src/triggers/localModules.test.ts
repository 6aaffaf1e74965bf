// Local trigger modules in worker threads: handlers of every style, a module edited on disk, and
// modules that throw, hang, crash or fail to load, none of which may stall the caller.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FunctionFailure } from './failure.js';
import { LocalModules } from './localModules.js';

describe('local trigger modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keypool-modules-'));
  const modules = new LocalModules();
  after(() => {
    modules.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const moduleFile = (name: string, code: string) => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };
  const failure = async (promise: Promise<unknown>, kind: FunctionFailure['kind'], message: RegExp) => {
    const error = await promise.then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FunctionFailure, String(error));
    assert.equal(error.kind, kind);
    assert.match(error.message, message);
  };

  it('runs async, callback and context.succeed handlers, ESM and CommonJS', async () => {
    const asyncFile = moduleFile('async.mjs', 'export const handler = async (event, context) => ({ ...event, name: context.functionName });');
    const callbackFile = moduleFile('callback.cjs', 'exports.handler = (event, context, callback) => setTimeout(() => callback(null, { got: event.n }), 5);');
    const contextFile = moduleFile('context.js', 'module.exports.handler = function (event, context) { context.succeed({ left: context.getRemainingTimeInMillis() > 0 }); };');
    assert.deepEqual(JSON.parse(await modules.invoke(asyncFile, 'fn', { n: 1 }, 1_000)), { n: 1, name: 'fn' });
    assert.deepEqual(JSON.parse(await modules.invoke(callbackFile, 'fn', { n: 2 }, 1_000)), { got: 2 });
    assert.deepEqual(JSON.parse(await modules.invoke(contextFile, 'fn', {}, 1_000)), { left: true });
  });

  it('answers many calls at once from one module', async () => {
    const file = moduleFile('echo.mjs', 'export const handler = async (event) => { await new Promise((r) => setTimeout(r, 20)); return event; };');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => modules.invoke(file, 'fn', { i }, 2_000)));
    assert.deepEqual(answers.map((a) => JSON.parse(a).i), Array.from({ length: 20 }, (_, i) => i));
  });

  it('reports what a handler threw, with its type', async () => {
    const file = moduleFile('throws.mjs', "export const handler = async () => { throw new TypeError('no such plan'); };");
    const error = await modules.invoke(file, 'fn', {}, 1_000).catch((e: FunctionFailure) => e);
    assert.ok(error instanceof FunctionFailure);
    assert.deepEqual([error.kind, error.message, error.errorType], ['error', 'no such plan', 'TypeError']);
  });

  it('stops a module that overruns its time, and loads it afresh for the next call', async () => {
    const file = moduleFile('hangs.mjs', 'let calls = 0; export const handler = async (event) => { calls++; if (event.hang) for (;;); return { calls }; };');
    assert.deepEqual(JSON.parse(await modules.invoke(file, 'fn', {}, 1_000)), { calls: 1 });
    const started = Date.now();
    await failure(modules.invoke(file, 'fn', { hang: true }, 300), 'timeout', /within 300 ms/);
    assert.ok(Date.now() - started < 2_000, 'the caller is not held up by the busy thread');
    // A new thread: the module's state starts over.
    assert.deepEqual(JSON.parse(await modules.invoke(file, 'fn', {}, 1_000)), { calls: 1 });
  });

  it('fails the calls of a module that crashes its thread or does not load, and recovers once it is fixed', async () => {
    const crashing = moduleFile('exits.mjs', 'export const handler = async () => { process.exit(3); };');
    await failure(modules.invoke(crashing, 'fn', {}, 1_000), 'crashed', /exited with code 3/);
    const broken = moduleFile('broken.mjs', 'export const handler = async () => {');
    await failure(modules.invoke(broken, 'fn', {}, 1_000), 'crashed', /failed to load/);
    const noHandler = moduleFile('nohandler.mjs', 'export const other = 1;');
    await failure(modules.invoke(noHandler, 'fn', {}, 1_000), 'crashed', /exports no handler function/);
    await failure(modules.invoke(join(dir, 'absent.mjs'), 'fn', {}, 1_000), 'unreachable', /cannot read/);

    writeFileSync(broken, 'export const handler = async () => ({ fixed: true });');
    const later = new Date(Date.now() + 5_000);
    utimesSync(broken, later, later);
    assert.deepEqual(JSON.parse(await modules.invoke(broken, 'fn', {}, 1_000)), { fixed: true });
  });

  it('loads a module edited on disk at its next call', async () => {
    const file = moduleFile('edited.mjs', "export const handler = async () => 'first';");
    assert.equal(await modules.invoke(file, 'fn', {}, 1_000), '"first"');
    writeFileSync(file, "export const handler = async () => 'second';");
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    assert.equal(await modules.invoke(file, 'fn', {}, 1_000), '"second"');
  });
});
