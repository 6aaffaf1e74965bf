#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js, and unit tests beside the code in
// dist/src/**/*.test.js) with node's test runner. Pass name fragments to run only matching files:
//   npm test -- passkeys srp
// The suite runs on SQLite, then again on PostgreSQL when KEYPOOL_TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lists skipped tests and suites at the end of each pass (node's summary counts tests only). */
const SKIP_SUMMARY = fileURLToPath(new URL('./skip-summary.mjs', import.meta.url));

function find(dir) {
  let out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out = out.concat(find(path));
    else if (entry.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find('dist/src'), ...find('dist/test')]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ')}`);
  process.exit(1);
}

// Two passes: the whole suite on SQLite, then again on PostgreSQL when KEYPOOL_TEST_DATABASE_URL
// names a database (each test server then works in a throwaway schema of it). CI must run both.
const { KEYPOOL_TEST_DATABASE_URL: databaseUrl, ...baseEnv } = process.env;
const passes = [{ name: 'SQLite', env: {} }];
if (databaseUrl) passes.push({ name: 'PostgreSQL', env: { KEYPOOL_TEST_DATABASE_URL: databaseUrl } });
else if (process.env.CI === 'true') {
  console.error('CI=true but KEYPOOL_TEST_DATABASE_URL is not set: the PostgreSQL pass cannot be skipped in CI.');
  process.exit(1);
}

let failed = false;
for (const pass of passes) {
  console.log(`\n=== tests on ${pass.name} (${files.length} files) ===`);
  const reporters = ['--test-reporter=tap', '--test-reporter-destination=stdout', `--test-reporter=${SKIP_SUMMARY}`, '--test-reporter-destination=stdout'];
  const result = spawnSync(process.execPath, ['--test', '--enable-source-maps', ...reporters, ...files], {
    stdio: 'inherit',
    env: {
      ...baseEnv,
      ...pass.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  if (result.status !== 0) {
    console.error(`=== tests on ${pass.name} failed ===`);
    failed = true;
  }
}
if (!databaseUrl) {
  console.log('\nThe PostgreSQL pass was skipped: set KEYPOOL_TEST_DATABASE_URL=postgres://... to run it too.');
}
process.exit(failed ? 1 : 0);
