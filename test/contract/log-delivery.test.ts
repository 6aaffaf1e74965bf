// Get/SetLogDeliveryConfiguration through the real SDK, and the logs keypool then writes: an ERROR
// record after a failed message delivery, an INFO record of user activity after a sign-in.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DeleteUserPoolCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type LogConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { logsDelivered } from '../../src/logDelivery/export.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createPool, expectError, poolWithClient, poolWithUser, signIn } from '../support/fixtures.js';

const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito-errors';
const AUTH_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:cognito-activity';
const BUCKET = 'arn:aws:s3:::keypool-activity';
const STREAM = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/activity-stream';

const notifications = (arn = LOG_GROUP): LogConfigurationType => ({
  LogLevel: 'ERROR',
  EventSource: 'userNotification',
  CloudWatchLogsConfiguration: { LogGroupArn: arn },
});
const activity = (destination: Partial<LogConfigurationType> = { CloudWatchLogsConfiguration: { LogGroupArn: AUTH_GROUP } }): LogConfigurationType => ({
  LogLevel: 'INFO',
  EventSource: 'userAuthEvents',
  ...destination,
});

describe('log delivery', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const set = (UserPoolId: string, LogConfigurations: LogConfigurationType[]) =>
    server.cognito.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations }));
  const get = async (UserPoolId: string) => (await server.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId }))).LogDeliveryConfiguration!;
  /** The records written to a destination file so far. */
  const records = async (kind: string, name: string): Promise<Record<string, unknown>[]> => {
    await logsDelivered(server.keypool.app);
    const file = join(server.dataDir, 'logs', kind, `${name}.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it('answers an empty configuration until one is set, then the one set; an empty list turns it off', async () => {
    const pool = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
    assert.deepEqual(await get(pool.Id!), { UserPoolId: pool.Id, LogConfigurations: [] });
    const configs = [notifications(), activity({ S3Configuration: { BucketArn: BUCKET } })];
    const answer = await set(pool.Id!, configs);
    assert.deepEqual(answer.LogDeliveryConfiguration, { UserPoolId: pool.Id, LogConfigurations: configs });
    assert.deepEqual((await get(pool.Id!)).LogConfigurations, configs);
    await set(pool.Id!, [activity({ FirehoseConfiguration: { StreamArn: STREAM } })]);
    assert.deepEqual((await get(pool.Id!)).LogConfigurations, [activity({ FirehoseConfiguration: { StreamArn: STREAM } })]);
    await set(pool.Id!, []);
    assert.deepEqual((await get(pool.Id!)).LogConfigurations, []);
  });

  it('refuses what Cognito refuses, and changes nothing', async () => {
    const pool = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
    await set(pool.Id!, [notifications()]);
    const refused: [LogConfigurationType[], string, RegExp][] = [
      [[notifications(), notifications(AUTH_GROUP)], 'InvalidParameterException', /only one configuration for the event source userNotification/],
      [[{ ...notifications(), LogLevel: 'INFO' }], 'InvalidParameterException', /userNotification takes the log level ERROR/],
      [[{ ...activity(), LogLevel: 'ERROR' }], 'InvalidParameterException', /userAuthEvents takes the log level INFO/],
      [[{ LogLevel: 'ERROR', EventSource: 'userNotification' }], 'InvalidParameterException', /needs exactly one destination/],
      [
        [activity({ S3Configuration: { BucketArn: BUCKET }, FirehoseConfiguration: { StreamArn: STREAM } })],
        'InvalidParameterException',
        /needs exactly one destination/,
      ],
      [
        [{ LogLevel: 'ERROR', EventSource: 'userNotification', S3Configuration: { BucketArn: BUCKET } }],
        'InvalidParameterException',
        /userNotification cannot send logs to S3Configuration/,
      ],
      [[notifications(STREAM)], 'InvalidParameterException', /is not a valid CloudWatchLogsConfiguration.LogGroupArn/],
      [[activity({ FirehoseConfiguration: { StreamArn: LOG_GROUP } })], 'InvalidParameterException', /is not a valid FirehoseConfiguration.StreamArn/],
    ];
    for (const [configs, type, message] of refused) await expectError(set(pool.Id!, configs), type, message);
    await expectError(set('us-east-1_nothere', [notifications()]), 'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
    await expectError(server.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');
    assert.deepEqual((await get(pool.Id!)).LogConfigurations, [notifications()]);
  });

  it('takes user activity logs only from pools on the Plus plan (FeatureUnavailableInTierException)', async () => {
    for (const tier of ['LITE', 'ESSENTIALS'] as const) {
      const pool = await createPool(server.cognito, { UserPoolTier: tier });
      await expectError(set(pool.Id!, [activity()]), 'FeatureUnavailableInTierException', `userAuthEvents log delivery is not available in the ${tier} feature plan of this user pool.`);
      await set(pool.Id!, [notifications()]);
    }
  });

  it('keeps a pool delivering user activity logs on the Plus plan (TierChangeNotAllowedException)', async () => {
    const pool = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
    await set(pool.Id!, [activity()]);
    await expectError(
      server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'ESSENTIALS' })),
      'TierChangeNotAllowedException',
      'The user pool cannot move to the ESSENTIALS feature plan while userAuthEvents log delivery is configured.',
    );
    await set(pool.Id!, [notifications()]);
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'ESSENTIALS' }));
  });

  it('writes an ERROR record in Cognito\'s message-delivery format when a message cannot be delivered, without its code', async () => {
    // A custom email sender without the key to encrypt codes for it: every delivery fails.
    const { poolId, clientId } = await poolWithClient(server.cognito, {
      pool: {
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:sender' }, KMSKeyID: 'arn:aws:kms:us-east-1:123456789012:key/k' },
      },
    });
    await set(poolId, [notifications('arn:aws:logs:us-east-1:123456789012:log-group:delivery-errors')]);
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] })),
      'UnexpectedLambdaException',
    );
    const written = await records('cloudwatch', 'delivery-errors');
    assert.equal(written.length, 1);
    const [record] = written as [Record<string, unknown>];
    assert.deepEqual(Object.keys(record).sort(), ['eventSource', 'eventTimestamp', 'logLevel', 'logSourceId', 'message']);
    assert.equal(record.eventSource, 'USER_NOTIFICATION');
    assert.equal(record.logLevel, 'ERROR');
    assert.equal(record.eventTimestamp, String(server.clock.now()));
    assert.deepEqual(record.logSourceId, { userPoolId: poolId });
    assert.match((record.message as { details: string }).details, /^Email message delivery error \(SignUp, through CustomEmailSender\): UnexpectedLambdaException$/);
  });

  it('writes an INFO record of user activity for each sign-in, to every kind of destination, never a secret', async () => {
    const { poolId, clientId, username } = await poolWithUser(server.cognito, { pool: { UserPoolTier: 'PLUS' } });
    await set(poolId, [activity({ S3Configuration: { BucketArn: BUCKET } })]);
    const tokens = await signIn(server.cognito, clientId, username);
    await expectError(signIn(server.cognito, clientId, username, 'Wr0ng-password!'), 'NotAuthorizedException');
    const written = await records('s3', 'keypool-activity');
    assert.equal(written.length, 2);
    const [pass, fail] = written as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(pass.eventSource, 'USER_AUTH_EVENTS');
    assert.equal(pass.logLevel, 'INFO');
    assert.deepEqual(pass.logSourceId, { userPoolId: poolId });
    const message = pass.message as Record<string, unknown>;
    assert.equal(message.eventType, 'SignIn');
    assert.equal(message.eventResponse, 'Pass');
    assert.equal(message.userName, username);
    assert.equal(message.clientId, clientId);
    assert.equal(message.userPoolId, poolId);
    assert.equal(message.riskDecision, 'NoRisk');
    assert.equal((fail.message as Record<string, unknown>).eventResponse, 'Fail');
    const text = JSON.stringify(written);
    for (const secret of [PASSWORD, 'Wr0ng-password!', tokens.AccessToken!, tokens.RefreshToken!]) assert.ok(!text.includes(secret));

    // Another destination after a change; the pool's deletion ends its log delivery.
    await set(poolId, [activity({ FirehoseConfiguration: { StreamArn: STREAM } })]);
    await signIn(server.cognito, clientId, username);
    assert.equal((await records('firehose', 'activity-stream')).length, 1);
    assert.equal((await records('s3', 'keypool-activity')).length, 2);
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await expectError(get(poolId), 'ResourceNotFoundException');
  });

  it('writes nothing for a pool without a configuration of the event source', async () => {
    const { poolId, clientId, username } = await poolWithUser(server.cognito, { pool: { UserPoolTier: 'PLUS' } });
    await set(poolId, [notifications('arn:aws:logs:us-east-1:123456789012:log-group:quiet')]);
    await signIn(server.cognito, clientId, username);
    assert.deepEqual(await records('cloudwatch', 'quiet'), []);
  });
});
