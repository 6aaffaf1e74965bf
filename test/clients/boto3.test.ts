// boto3 (Python), unmodified, against keypool's endpoint_url: admin calls, InitiateAuth, the passkey
// operations and password recovery. Releases of boto3 older than the passkey operations get the
// current model through AWS_DATA_PATH.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { writeBotocoreModel } from '../support/botocoreModel.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Debian's python3-boto3 lives under /usr/bin/python3; a python3 earlier on PATH may lack it.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasBoto3 = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
if (!hasBoto3 && process.env.CI === 'true') throw new Error('boto3 is missing: apt-get install -y python3-boto3');
const skip = hasBoto3 ? false : 'boto3 is not installed (apt-get install -y python3-boto3)';

// The official model beside this checkout when there is one, else one built from keypool's own.
const OFFICIAL_MODEL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'aws-model', 'cognito-idp.service-2.json');

const SCRIPT = String.raw`
import json, os, sys
import boto3
from botocore.exceptions import ClientError

out = {}
def error_of(call):
    try:
        call()
        return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message']]

cognito = boto3.client('cognito-idp', endpoint_url=os.environ['KEYPOOL_URL'], region_name='us-east-1',
                       aws_access_key_id='AKIDTEST', aws_secret_access_key='test-secret')
out['has_passkey_operations'] = hasattr(cognito, 'start_web_authn_registration')
pool = cognito.create_user_pool(PoolName='boto3-pool', UserPoolTier='ESSENTIALS',
    Policies={'SignInPolicy': {'AllowedFirstAuthFactors': ['PASSWORD', 'WEB_AUTHN']}})['UserPool']
pool_id = pool['Id']
out['pool_id'] = pool_id
out['created'] = pool['CreationDate'].isoformat()
cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration='OFF',
    WebAuthnConfiguration={'RelyingPartyId': 'localhost', 'UserVerification': 'preferred'})
client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName='boto3',
    ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'])['UserPoolClient']['ClientId']
cognito.admin_create_user(UserPoolId=pool_id, Username='alice', MessageAction='SUPPRESS',
    UserAttributes=[{'Name': 'email', 'Value': 'alice@example.com'}])
cognito.admin_set_user_password(UserPoolId=pool_id, Username='alice', Password='Passw0rd!', Permanent=True)
user = cognito.admin_get_user(UserPoolId=pool_id, Username='alice')
out['user_status'] = user['UserStatus']
out['email'] = [a['Value'] for a in user['UserAttributes'] if a['Name'] == 'email']

auth = cognito.initiate_auth(ClientId=client_id, AuthFlow='USER_PASSWORD_AUTH',
    AuthParameters={'USERNAME': 'alice', 'PASSWORD': 'Passw0rd!'})['AuthenticationResult']
out['token_type'] = auth['TokenType']
out['expires_in'] = auth['ExpiresIn']
out['wrong_password'] = error_of(lambda: cognito.initiate_auth(ClientId=client_id, AuthFlow='USER_PASSWORD_AUTH',
    AuthParameters={'USERNAME': 'alice', 'PASSWORD': 'Wrong-passw0rd!'}))
out['unknown_pool'] = error_of(lambda: cognito.describe_user_pool(UserPoolId='us-east-1_Nope12345'))

options = cognito.start_web_authn_registration(AccessToken=auth['AccessToken'])['CredentialCreationOptions']
out['rp'] = options['rp']
out['user_name'] = options['user']['name']
out['has_challenge'] = isinstance(options.get('challenge'), str) and len(options['challenge']) > 0
out['credentials'] = cognito.list_web_authn_credentials(AccessToken=auth['AccessToken'])['Credentials']
out['bad_token'] = error_of(lambda: cognito.start_web_authn_registration(AccessToken='not-a-token'))

# Password recovery, the code read from the operator outbox.
import urllib.request
cognito.admin_update_user_attributes(UserPoolId=pool_id, Username='alice', UserAttributes=[{'Name': 'email_verified', 'Value': 'true'}])
out['reset_delivery'] = cognito.forgot_password(ClientId=client_id, Username='alice')['CodeDeliveryDetails']
outbox = os.environ['KEYPOOL_URL'] + '/_keypool/outbox?poolId=' + pool_id + '&username=alice'
code = json.load(urllib.request.urlopen(outbox))['messages'][0]['code']
wrong_code = '%06d' % ((int(code) + 1) % 1000000)
out['wrong_reset_code'] = error_of(lambda: cognito.confirm_forgot_password(ClientId=client_id, Username='alice',
    ConfirmationCode=wrong_code, Password='Reset-Passw0rd!'))
cognito.confirm_forgot_password(ClientId=client_id, Username='alice', ConfirmationCode=code, Password='Reset-Passw0rd!')
out['signed_in_after_reset'] = 'AuthenticationResult' in cognito.initiate_auth(ClientId=client_id, AuthFlow='USER_PASSWORD_AUTH',
    AuthParameters={'USERNAME': 'alice', 'PASSWORD': 'Reset-Passw0rd!'})
print(json.dumps(out))
`;

describe('boto3', { skip }, () => {
  let server: TestServer;
  let dataDir: string;

  before(async () => {
    server = await startTestServer();
    dataDir = mkdtempSync(join(tmpdir(), 'keypool-botocore-'));
    if (existsSync(OFFICIAL_MODEL)) {
      mkdirSync(join(dataDir, 'cognito-idp', '2016-04-18'), { recursive: true });
      copyFileSync(OFFICIAL_MODEL, join(dataDir, 'cognito-idp', '2016-04-18', 'service-2.json'));
    } else {
      writeBotocoreModel(dataDir);
    }
  });
  after(async () => {
    await server?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('admin calls, InitiateAuth, StartWebAuthnRegistration and password recovery work through boto3', async () => {
    // Asynchronously: the server answering boto3 runs in this very process.
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', SCRIPT], {
      env: { ...process.env, KEYPOOL_URL: server.url, AWS_DATA_PATH: dataDir, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null' },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout);
    assert.equal(out.has_passkey_operations, true);
    assert.match(out.pool_id, /^us-east-1_[0-9A-Za-z]+$/);
    assert.match(out.created, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(out.user_status, 'CONFIRMED');
    assert.deepEqual(out.email, ['alice@example.com']);
    assert.equal(out.token_type, 'Bearer');
    assert.equal(out.expires_in, 3600);
    assert.deepEqual(out.wrong_password, ['NotAuthorizedException', 'Incorrect username or password.']);
    assert.deepEqual(out.unknown_pool, ['ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.']);
    assert.equal(out.rp.id, 'localhost');
    assert.equal(out.user_name, 'alice');
    assert.equal(out.has_challenge, true);
    assert.deepEqual(out.credentials, []);
    assert.equal(out.bad_token?.[0], 'NotAuthorizedException');
    assert.deepEqual(out.reset_delivery, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.deepEqual(out.wrong_reset_code, ['CodeMismatchException', 'Invalid verification code provided, please try again.']);
    assert.equal(out.signed_in_after_reset, true);
  });
});
