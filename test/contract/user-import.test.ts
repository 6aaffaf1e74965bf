// The six user import operations through the real SDK: the pool's CSV header, a job created with a
// pre-signed URL that takes the CSV by PUT (and refuses a tampered or expired one as S3 does), the
// job run in the background to Succeeded or Failed with Cognito's counts, the users it wrote as
// RESET_REQUIRED, a failed row in the job's log, stopping, expiry, paging with bound tokens, and
// every refusal the operations document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CREATED_JOB_LIFETIME_MS, UPLOAD_URL_LIFETIME_MS } from '../../src/imports/jobs.js';
import { IMPORT_LEASE_MS, jobLogPath, resumeAbandonedImports } from '../../src/imports/runner.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, tampered } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';

const MISSING_POOL = 'us-east-1_Missing00';
const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportLogs';

const STANDARD_HEADER = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified',
  'address', 'updated_at',
];

/** A CSV of the given users under the pool's header, every other column empty. */
function csvOf(header: string[], users: Record<string, string>[]): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [header.join(','), ...users.map((u) => header.map((column) => quote(u[column] ?? '')).join(','))].join('\r\n') + '\r\n';
}

describe('user import jobs', () => {
  let server: TestServer;
  let poolId: string;
  let header: string[];

  before(async () => {
    server = await startTestServer();
    const pool = await createPool(server.cognito, {
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
    });
    poolId = pool.Id!;
    header = (await server.cognito.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  });
  after(() => server.dispose());

  const createJob = async (pool = poolId, JobName = 'migration') =>
    (await server.cognito.send(new CreateUserImportJobCommand({ UserPoolId: pool, JobName, CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
  const describeJob = async (JobId: string, pool = poolId) =>
    (await server.cognito.send(new DescribeUserImportJobCommand({ UserPoolId: pool, JobId }))).UserImportJob!;
  const upload = (url: string, body: string) =>
    fetch(url, { method: 'PUT', body, headers: { 'Content-Type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' } });
  const start = (JobId: string, pool = poolId) => server.cognito.send(new StartUserImportJobCommand({ UserPoolId: pool, JobId }));
  const stop = (JobId: string, pool = poolId) => server.cognito.send(new StopUserImportJobCommand({ UserPoolId: pool, JobId }));
  /** Polls Describe until the job has left its running states. */
  async function finished(jobId: string, pool = poolId): Promise<UserImportJobType> {
    for (;;) {
      const job = await describeJob(jobId, pool);
      if (!['Pending', 'InProgress', 'Stopping'].includes(job.Status!)) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  async function importCsv(csv: string, pool = poolId): Promise<UserImportJobType> {
    const job = await createJob(pool);
    const put = await upload(job.PreSignedUrl!, csv);
    assert.equal(put.status, 200, await put.text());
    await start(job.JobId!, pool);
    return finished(job.JobId!, pool);
  }

  it('GetCSVHeader lists the standard attributes in Cognito order, custom ones, then mfa_enabled and username', async () => {
    assert.deepEqual(header, [...STANDARD_HEADER, 'custom:team', 'cognito:mfa_enabled', 'cognito:username']);
    await expectError(server.cognito.send(new GetCSVHeaderCommand({ UserPoolId: MISSING_POOL })), 'ResourceNotFoundException');
  });

  it('imports a CSV through the pre-signed URL: users RESET_REQUIRED with their attributes, a bad row failed and logged', async () => {
    const job = await createJob();
    assert.equal(job.Status, 'Created');
    assert.match(job.JobId!, /^import-[0-9a-zA-Z-]+$/);
    assert.ok(job.PreSignedUrl!.startsWith(`${server.url}/`), job.PreSignedUrl);
    assert.equal(job.CloudWatchLogsRoleArn, ROLE);
    const csv = csvOf(header, [
      { 'cognito:username': 'ada', email: 'ada@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false', name: 'Ada, Countess "A" of\nLovelace', 'custom:team': 'math' },
      { 'cognito:username': 'bob', email: 'bob@example.com', email_verified: 'TRUE', 'cognito:mfa_enabled': 'false' },
      { 'cognito:username': 'nobody', email: 'nobody@example.com', email_verified: 'maybe', 'cognito:mfa_enabled': 'false' },
    ]);
    const put = await upload(job.PreSignedUrl!, `\uFEFF${csv}`);
    assert.equal(put.status, 200);
    const started = (await start(job.JobId!)).UserImportJob!;
    assert.equal(started.Status, 'Pending');
    assert.ok(started.StartDate);
    const done = await finished(job.JobId!);
    assert.equal(done.Status, 'Failed');
    assert.deepEqual([done.ImportedUsers, done.SkippedUsers, done.FailedUsers], [2, 0, 1]);
    assert.equal(done.CompletionMessage, 'Too many users have failed or been skipped during the import.');
    assert.ok(done.CompletionDate);

    const ada = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ada' }));
    assert.equal(ada.UserStatus, 'RESET_REQUIRED');
    const attributes = Object.fromEntries(ada.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.name, 'Ada, Countess "A" of\nLovelace');
    assert.equal(attributes['custom:team'], 'math');
    assert.equal(attributes.email_verified, 'true');
    const log = readFileSync(jobLogPath(server.keypool.app, job.JobId!), 'utf8');
    assert.match(log, /\[ERROR\] line 5: email_verified must be true or false\./);
    await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })), 'UserNotFoundException');
  });

  it('an imported user is told to reset the password, and ForgotPassword then confirms them', async () => {
    const done = await importCsv(csvOf(header, [{ 'cognito:username': 'cleo', email: 'cleo@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' }]));
    assert.equal(done.Status, 'Succeeded');
    assert.equal(done.CompletionMessage, 'Import Job Completed Successfully.');
    const client = await createClient(server.cognito, poolId);
    await expectError(
      server.cognito.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cleo', PASSWORD: 'Whatever1!' } })),
      'PasswordResetRequiredException',
    );
    await server.cognito.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'cleo' }));
    const code = (await latestMessage(server, poolId, 'cleo')).code!;
    await server.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: client.ClientId, Username: 'cleo', ConfirmationCode: code, Password: 'N3w-Passw0rd!' }));
    const cleo = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'cleo' }));
    assert.equal(cleo.UserStatus, 'CONFIRMED');
  });

  it('fails rows of existing users, unverified contacts and bad mfa flags; mfa_enabled true turns SMS MFA on', async () => {
    await createUser(server.cognito, poolId, 'existing');
    const done = await importCsv(
      csvOf(header, [
        { 'cognito:username': 'existing', email: 'e@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
        { 'cognito:username': 'unverified', email: 'u@example.com', email_verified: 'false', 'cognito:mfa_enabled': 'false' },
        { 'cognito:username': 'nomfa', email: 'n@example.com', email_verified: 'true' },
        { 'cognito:username': 'dana', email: 'dana@example.com', email_verified: 'true', phone_number: '+15555550100', 'cognito:mfa_enabled': 'true' },
        { 'cognito:username': 'dana', email: 'dana2@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
      ]),
    );
    assert.deepEqual([done.Status, done.ImportedUsers, done.FailedUsers], ['Failed', 1, 4]);
    const dana = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dana' }));
    assert.deepEqual(dana.UserMFASettingList, ['SMS_MFA']);
    assert.equal(Object.fromEntries(dana.UserAttributes!.map((a) => [a.Name, a.Value])).email, 'dana@example.com');
  });

  it('a header with an unknown column fails the job with nothing imported', async () => {
    const done = await importCsv(csvOf([...header, 'shoe_size'], [{ 'cognito:username': 'eve', email: 'eve@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' }]));
    assert.equal(done.Status, 'Failed');
    assert.equal(done.ImportedUsers, 0);
    assert.match(done.CompletionMessage!, /shoe_size/);
    await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' })), 'UserNotFoundException');
  });

  it('the pre-signed URL refuses a tampered signature and, once expired, any upload, with S3 XML errors', async () => {
    const job = await createJob();
    const url = new URL(job.PreSignedUrl!);
    url.searchParams.set('X-Amz-Signature', tampered(url.searchParams.get('X-Amz-Signature')!));
    const forged = await upload(url.toString(), 'x');
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    server.clock.advance(UPLOAD_URL_LIFETIME_MS + 1000);
    const late = await upload(job.PreSignedUrl!, csvOf(header, []));
    assert.equal(late.status, 403);
    assert.match(await late.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    await expectError(start(job.JobId!), 'PreconditionNotMetException');
  });

  it('StartUserImportJob and StopUserImportJob refuse jobs in the wrong state', async () => {
    const done = await importCsv(csvOf(header, []));
    assert.equal(done.Status, 'Succeeded');
    await expectError(start(done.JobId!), 'InvalidParameterException', /Succeeded/);
    await expectError(stop(done.JobId!), 'InvalidParameterException', /Succeeded/);
    const created = await createJob();
    await expectError(stop(created.JobId!), 'InvalidParameterException', /Created/);

  });

  /** A job started by a node that then stopped: Pending, its lease held, nothing imported. */
  async function jobOfAStoppedNode(rows: number): Promise<string> {
    const many = Array.from({ length: rows }, (_, i) => ({
      'cognito:username': `bulk${rows}-${i}`, email: `bulk${rows}-${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false',
    }));
    const job = await createJob();
    assert.equal((await upload(job.PreSignedUrl!, csvOf(header, many))).status, 200);
    const jobs = server.keypool.app.store.importJobs;
    const now = server.clock.now();
    assert.ok(await jobs.transition(poolId, job.JobId!, ['Created'], 'Pending', { startedAt: now, nextChunk: 1 }));
    assert.ok(await jobs.claim(poolId, job.JobId!, now, now + IMPORT_LEASE_MS));
    return job.JobId!;
  }

  it('a job whose node stopped is resumed by another once its lease runs out, and imports every row once', async () => {
    const jobId = await jobOfAStoppedNode(2500);
    assert.equal((await describeJob(jobId)).Status, 'InProgress');
    await resumeAbandonedImports(server.keypool.app);
    assert.equal((await describeJob(jobId)).ImportedUsers, 0, 'the lease still holds');
    server.clock.advance(IMPORT_LEASE_MS + 1);
    await resumeAbandonedImports(server.keypool.app);
    const done = await finished(jobId);
    assert.deepEqual([done.Status, done.ImportedUsers, done.FailedUsers], ['Succeeded', 2500, 0]);
  });

  it('StopUserImportJob makes a running job Stopping, then Stopped with what it imported', async () => {
    const jobId = await jobOfAStoppedNode(10);
    const stopping = (await stop(jobId)).UserImportJob!;
    assert.equal(stopping.Status, 'Stopping');
    await expectError(stop(jobId), 'InvalidParameterException', /Stopping/);
    server.clock.advance(IMPORT_LEASE_MS + 1);
    await resumeAbandonedImports(server.keypool.app);
    const stopped = await describeJob(jobId);
    assert.deepEqual([stopped.Status, stopped.ImportedUsers], ['Stopped', 0]);
    assert.ok(stopped.CompletionDate);
  });

  it('a CSV uploaded to one node is imported by another sharing the store', async () => {
    const other = await startTestServer({}, { dataDir: server.dataDir, clock: server.clock });
    try {
      const job = await createJob();
      assert.ok(job.PreSignedUrl!.startsWith(`${server.url}/`));
      const put = await upload(job.PreSignedUrl!, csvOf(header, [{ 'cognito:username': 'nodeb', email: 'nodeb@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' }]));
      assert.equal(put.status, 200);
      await other.cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      const done = await finished(job.JobId!);
      assert.deepEqual([done.Status, done.ImportedUsers], ['Succeeded', 1]);
      const user = await other.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nodeb' }));
      assert.equal(user.UserStatus, 'RESET_REQUIRED');
    } finally {
      await other.stop();
    }
  });

  it('a job left Created expires; jobs and pools that do not exist are ResourceNotFoundException', async () => {
    const job = await createJob();
    server.clock.advance(CREATED_JOB_LIFETIME_MS + 1000);
    assert.equal((await describeJob(job.JobId!)).Status, 'Expired');
    await expectError(start(job.JobId!), 'InvalidParameterException', /Expired/);
    await expectError(describeJob('import-missing0000'), 'ResourceNotFoundException');
    await expectError(start('import-missing0000'), 'ResourceNotFoundException');
    await expectError(stop('import-missing0000'), 'ResourceNotFoundException');
    await expectError(createJob(MISSING_POOL), 'ResourceNotFoundException');
    await expectError(server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: MISSING_POOL, MaxResults: 10 })), 'ResourceNotFoundException');
  });

  it('a pool without auto-verified attributes cannot start an import', async () => {
    const plain = (await createPool(server.cognito)).Id!;
    const job = await createJob(plain);
    const plainHeader = (await server.cognito.send(new GetCSVHeaderCommand({ UserPoolId: plain }))).CSVHeader!;
    assert.equal((await upload(job.PreSignedUrl!, csvOf(plainHeader, []))).status, 200);
    await expectError(start(job.JobId!, plain), 'PreconditionNotMetException');
  });

  it('ListUserImportJobs pages newest first with MaxResults and a token bound to the pool; the model limits MaxResults', async () => {
    const pool = (await createPool(server.cognito)).Id!;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.unshift((await createJob(pool, `job-${i}`)).JobId!);
      server.clock.advance(5);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: pool, MaxResults: 2, PaginationToken: token }));
      assert.ok(page.UserImportJobs!.length <= 2);
      seen.push(...page.UserImportJobs!.map((j) => j.JobId!));
      token = page.PaginationToken;
      if (token) {
        await expectError(
          server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: pool, MaxResults: 2, PaginationToken: tampered(token) })),
          'InvalidParameterException',
        );
        await expectError(
          server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, PaginationToken: token })),
          'InvalidParameterException',
        );
      }
    } while (token);
    assert.deepEqual(seen, ids);
    await expectError(server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: pool, MaxResults: 61 })), 'InvalidParameterException');
    await expectError(server.cognito.send(new ListUserImportJobsCommand({ UserPoolId: pool, MaxResults: 0 })), 'InvalidParameterException');
  });

  it('a pool holds at most 20 jobs not yet started (LimitExceededException)', async () => {
    const pool = (await createPool(server.cognito)).Id!;
    for (let i = 0; i < 20; i++) await createJob(pool);
    await expectError(createJob(pool), 'LimitExceededException');
  });

  it('CreateUserImportJob requires its three members as the model says', async () => {
    await expectError(
      server.cognito.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'x', CloudWatchLogsRoleArn: 'not-an-arn' })),
      'InvalidParameterException',
    );
  });
});
