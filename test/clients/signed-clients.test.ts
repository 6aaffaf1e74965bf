// Admin calls signed by the clients people use besides the JavaScript SDK — botocore (boto3), the AWS
// CLI and `curl --aws-sigv4` — against a keypool with admin credentials of its own. Each signs a
// different set of headers; each must succeed with the right secret and be refused with a wrong one.
// A client whose program is missing is skipped (CI installs all three).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sdkClient, startTestServer, type TestServer } from '../support/server.js';

const ADMIN = { accessKeyId: 'AKIDCLIENTSADMIN', secretAccessKey: 'clients-admin-secret' };
const WRONG_SECRET = 'not-the-admin-secret';
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const AWS_CLI = '/usr/bin/aws';
const CURL = '/usr/bin/curl';

const run = promisify(execFile);

/** Runs a client; its exit status and output, without throwing on failure. */
async function client(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, {
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const hasBoto3 = (await client(PYTHON, ['-c', 'import boto3'])).status === 0;
const missing = (present: boolean, what: string) => {
  if (present) return false;
  if (process.env.CI === 'true') throw new Error(`${what} is required in CI (.ci/run installs it)`);
  return `${what} is not installed`;
};

const BOTO3_CREATE_POOL = String.raw`
import json, os, sys
import boto3
from botocore.exceptions import ClientError
cognito = boto3.client('cognito-idp', endpoint_url=os.environ['KEYPOOL_URL'], region_name='us-east-1',
                       aws_access_key_id=os.environ['KEY_ID'], aws_secret_access_key=os.environ['SECRET'])
try:
    print(json.dumps({'id': cognito.create_user_pool(PoolName=sys.argv[1])['UserPool']['Id']}))
except ClientError as e:
    print(json.dumps({'error': [e.response['Error']['Code'], e.response['Error']['Message']]}))
`;

describe('signed admin calls from botocore, the AWS CLI and curl', () => {
  let server: TestServer;
  let admin: ReturnType<typeof sdkClient>;

  const poolNames = async () => (await admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Name);

  before(async () => {
    server = await startTestServer({ adminCredentials: [ADMIN] });
    admin = sdkClient(server.url, ADMIN);
  });
  after(async () => {
    admin?.destroy();
    await server?.dispose();
  });

  it('botocore (boto3)', { skip: missing(hasBoto3, 'boto3 (python3-boto3)') }, async () => {
    const create = async (name: string, secret: string) => {
      const env = { KEYPOOL_URL: server.url, KEY_ID: ADMIN.accessKeyId, SECRET: secret, AWS_EC2_METADATA_DISABLED: 'true' };
      const result = await client(PYTHON, ['-c', BOTO3_CREATE_POOL, name], env);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as { id?: string; error?: [string, string] };
    };
    assert.match((await create('boto3-signed', ADMIN.secretAccessKey)).id ?? '', /^us-east-1_/);
    const refused = await create('boto3-forged', WRONG_SECRET);
    assert.equal(refused.error?.[0], 'InvalidSignatureException');
    const names = await poolNames();
    assert.ok(names.includes('boto3-signed'));
    assert.ok(!names.includes('boto3-forged'));
  });

  it('the AWS CLI', { skip: missing(existsSync(AWS_CLI), `the AWS CLI (${AWS_CLI})`) }, async () => {
    const create = (name: string, secret: string) =>
      client(AWS_CLI, ['--endpoint-url', server.url, '--output', 'json', 'cognito-idp', 'create-user-pool', '--pool-name', name], {
        AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      });
    const created = await create('cli-signed', ADMIN.secretAccessKey);
    assert.equal(created.status, 0, created.stderr);
    assert.match((JSON.parse(created.stdout) as { UserPool: { Id: string } }).UserPool.Id, /^us-east-1_/);
    const refused = await create('cli-forged', WRONG_SECRET);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /InvalidSignatureException/);
    const names = await poolNames();
    assert.ok(names.includes('cli-signed'));
    assert.ok(!names.includes('cli-forged'));
  });

  it('curl --aws-sigv4', { skip: missing(existsSync(CURL), `curl (${CURL})`) }, async () => {
    const create = async (name: string, secret: string) => {
      const result = await client(CURL, [
        '--silent',
        '--show-error',
        '--aws-sigv4',
        'aws:amz:us-east-1:cognito-idp',
        '--user',
        `${ADMIN.accessKeyId}:${secret}`,
        '--header',
        'Content-Type: application/x-amz-json-1.1',
        '--header',
        'X-Amz-Target: AWSCognitoIdentityProviderService.CreateUserPool',
        '--data',
        JSON.stringify({ PoolName: name }),
        server.url,
      ]);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as { UserPool?: { Id: string }; __type?: string };
    };
    assert.match((await create('curl-signed', ADMIN.secretAccessKey)).UserPool?.Id ?? '', /^us-east-1_/);
    assert.equal((await create('curl-forged', WRONG_SECRET)).__type, 'InvalidSignatureException');
    const names = await poolNames();
    assert.ok(names.includes('curl-signed'));
    assert.ok(!names.includes('curl-forged'));
  });
});
