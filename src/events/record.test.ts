import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newRequestContext, type App, type RequestSubject } from '../app.js';
import { errors } from '../protocol/errors.js';
import { describeAttempt } from './record.js';

function context(operation: string, noted: RequestSubject) {
  const ctx = newRequestContext({} as App, { operation, requestId: 'req-1', sourceIp: '::ffff:127.0.0.1', userAgent: 'test-agent' });
  ctx.note(noted);
  return ctx;
}

describe('describeAttempt', () => {
  const pool = { pool: 'us-east-1_AbC123xyZ', client: 'client1' };

  it('keeps the operator reason of a refusal, never the password', () => {
    const event = describeAttempt(
      context('InitiateAuth', { ...pool, flow: 'USER_PASSWORD_AUTH' }),
      'SignIn',
      { input: { AuthParameters: { USERNAME: 'alice', PASSWORD: 'secret-1' } }, error: errors.incorrectCredentials('wrong password') },
      1000,
    )!;
    assert.equal(event.outcome, 'Fail');
    assert.equal(event.reason, 'wrong password');
    assert.equal(event.username, 'alice');
    assert.equal(event.sourceIp, '127.0.0.1');
    assert.ok(!JSON.stringify(event).includes('secret-1'));
  });

  it('marks a further challenge InProgress and names it', () => {
    const event = describeAttempt(context('InitiateAuth', { ...pool, user: 'alice', flow: 'USER_AUTH' }), 'SignIn', { input: {}, output: { ChallengeName: 'WEB_AUTHN' } }, 1)!;
    assert.equal(event.outcome, 'InProgress');
    assert.equal(event.nextChallenge, 'WEB_AUTHN');
  });

  it('points an internal error at the log by request id', () => {
    const event = describeAttempt(context('RespondToAuthChallenge', { ...pool, user: 'alice' }), 'SignIn', { input: {}, error: new Error('disk full') }, 1)!;
    assert.equal(event.errorType, 'InternalErrorException');
    assert.match(event.reason!, /req-1/);
  });

  it('records nothing for refreshes or a request that named no pool', () => {
    assert.equal(describeAttempt(context('InitiateAuth', { ...pool, flow: 'REFRESH_TOKEN_AUTH' }), 'SignIn', { input: {} }, 1), undefined);
    assert.equal(describeAttempt(context('InitiateAuth', {}), 'SignIn', { input: {}, error: errors.clientNotFound('x') }, 1), undefined);
  });
});
