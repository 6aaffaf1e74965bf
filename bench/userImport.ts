// `npm run bench:import`: a user import of 100,000 users through the real path (CreateUserImportJob,
// a PUT of the CSV to the pre-signed URL, StartUserImportJob, DescribeUserImportJob until done) on
// SQLite and on PostgreSQL, with the seconds it takes and the server's peak RSS. PostgreSQL is
// KEYPOOL_BENCH_DATABASE_URL or a throwaway cluster (bench/postgres.ts). Prints a Markdown table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createTestSchema } from '../test/support/postgres.js';
import { sdkClient } from '../test/support/server.js';
import { sampleRss } from './measure.js';
import { benchDatabase } from './postgres.js';
import { startKeypoolProcess } from './processes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USERS = Number(process.env.KEYPOOL_BENCH_IMPORT_USERS ?? 100_000);

function csv(header: string[]): string {
  const lines = [header.join(',')];
  for (let i = 0; i < USERS; i++) {
    const row: Record<string, string> = {
      'cognito:username': `user${i}`,
      email: `user${i}@example.com`,
      email_verified: 'true',
      'cognito:mfa_enabled': 'false',
      name: `User ${i}`,
    };
    lines.push(header.map((column) => row[column] ?? '').join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A kept-alive connection idle past the server's keep-alive timeout may be reset as it is reused: retry then. */
async function retried<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== 'ECONNRESET') throw error;
    }
  }
}

async function run(store: 'sqlite' | 'postgres', databaseUrl?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-bench-import-'));
  const schema = databaseUrl ? await createTestSchema(databaseUrl) : undefined;
  const server = await startKeypoolProcess(root, { dataDir, databaseUrl: schema?.url });
  const cognito = sdkClient(server.url);
  try {
    const pool = await retried(() => cognito.send(new CreateUserPoolCommand({ PoolName: 'import-bench', AutoVerifiedAttributes: ['email'] })));
    const UserPoolId = pool.UserPool!.Id!;
    const header = (await retried(() => cognito.send(new GetCSVHeaderCommand({ UserPoolId })))).CSVHeader!;
    const body = csv(header);
    const rss = sampleRss(server.pid);
    const began = performance.now();
    const job = (await retried(() => cognito.send(new CreateUserImportJobCommand({ UserPoolId, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/bench' })))).UserImportJob!;
    const put = await fetch(job.PreSignedUrl!, { method: 'PUT', body, headers: { 'x-amz-server-side-encryption': 'aws:kms' } });
    if (put.status !== 200) throw new Error(`upload: ${put.status} ${await put.text()}`);
    const uploaded = performance.now();
    await retried(() => cognito.send(new StartUserImportJobCommand({ UserPoolId, JobId: job.JobId })));
    let done;
    for (;;) {
      done = (await retried(() => cognito.send(new DescribeUserImportJobCommand({ UserPoolId, JobId: job.JobId })))).UserImportJob!;
      if (!['Pending', 'InProgress'].includes(done.Status!)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const finished = performance.now();
    return {
      store,
      status: done.Status,
      imported: done.ImportedUsers,
      uploadSeconds: (uploaded - began) / 1000,
      importSeconds: (finished - uploaded) / 1000,
      peakRssMiB: rss.stop(),
      csvMiB: Buffer.byteLength(body) / 2 ** 20,
    };
  } finally {
    cognito.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}

const results = [await run('sqlite')];
const database = await benchDatabase();
if (database) {
  try {
    results.push(await run('postgres', database.url));
  } finally {
    database.stop();
  }
}
console.log(`| store | users | CSV MiB | upload s | import s | status | peak RSS MiB |\n|---|---|---|---|---|---|---|`);
for (const r of results) {
  console.log(`| ${r.store} | ${r.imported} | ${r.csvMiB.toFixed(1)} | ${r.uploadSeconds.toFixed(1)} | ${r.importSeconds.toFixed(1)} | ${r.status} | ${r.peakRssMiB.toFixed(0)} |`);
}
