// The thread a local trigger module runs in (localModules.ts): it imports the module once and runs its
// `handler` for each event it is sent, as Lambda's Node.js runtime would: an async handler's result,
// or what a callback-style handler passes to its callback (or to context.succeed / done / fail).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

export interface Invocation {
  id: number;
  event: unknown;
  functionName: string;
  deadline: number;
}

export type Outcome = { id: number; payload: string } | { id: number; error: { errorType: string; errorMessage: string } };

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: object, callback: Callback) => unknown;

const module = (await import(pathToFileURL((workerData as { file: string }).file).href)) as { handler?: unknown; default?: { handler?: unknown } };
const handler = (module.handler ?? module.default?.handler) as Handler | undefined;
if (typeof handler !== 'function') throw new Error(`${(workerData as { file: string }).file} exports no handler function`);

function run(invocation: Invocation): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const settle: Callback = (error, result) => (error ? reject(error) : resolve(result));
    const context = {
      functionName: invocation.functionName,
      awsRequestId: `${invocation.id}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(invocation.deadline - Date.now(), 0),
      done: settle,
      succeed: (result: unknown) => settle(undefined, result),
      fail: (error: unknown) => settle(error ?? new Error('failed')),
    };
    try {
      // An async handler settles with its promise; any other waits for its callback or context.
      const returned = handler!(invocation.event, context, settle);
      if (returned instanceof Promise) returned.then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  });
}

const describe = (error: unknown) =>
  error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: 'Error', errorMessage: String(error) };

parentPort!.on('message', (invocation: Invocation) => {
  run(invocation).then(
    (result) => parentPort!.postMessage({ id: invocation.id, payload: JSON.stringify(result) ?? 'null' } satisfies Outcome),
    (error: unknown) => parentPort!.postMessage({ id: invocation.id, error: describe(error) } satisfies Outcome),
  );
});
parentPort!.postMessage('ready');
