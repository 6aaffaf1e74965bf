#!/usr/bin/env node
// libuv's thread pool does keypool's CPU-bound work (password hashes, token signatures): more threads
// than cores add no speed, only memory (each thread that has run a password hash keeps its 32 MiB).
// This entry point is CommonJS so that the size is set before anything starts the pool (loading an
// ES module entry point starts it); UV_THREADPOOL_SIZE set by the caller wins.
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(2, availableParallelism()));

import('../dist/src/cli.js')
  .then(({ main }) => main(process.argv.slice(2)))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
