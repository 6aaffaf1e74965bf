import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthEventRecord, EventFeedback } from '../store/records.js';
import { accountTakeoverLevel } from './assess.js';
import { checkRiskBody, ipRanges } from './configuration.js';

const HOUR = 60 * 60 * 1000;
const NOW = 100 * HOUR;

let sequence = 0;
function event(outcome: AuthEventRecord['outcome'], ip: string, device: string, at = NOW - HOUR * 2, feedback?: EventFeedback['value']): AuthEventRecord {
  return {
    id: String(sequence++).padStart(8, '0'),
    poolId: 'us-east-1_Pool00001',
    username: 'alice',
    eventType: 'SignIn',
    operation: 'InitiateAuth',
    outcome,
    sourceIp: ip,
    userAgent: device,
    createdAt: at,
    ...(feedback ? { feedback: { value: feedback, provider: 'Admin', at } } : {}),
  };
}

const home = { ip: '192.0.2.1', device: 'Laptop' };

describe('accountTakeoverLevel', () => {
  it('does not score a first sign-in: there is nothing to compare it with', () => {
    assert.equal(accountTakeoverLevel([], home, NOW), undefined);
    assert.equal(accountTakeoverLevel([event('Fail', '203.0.113.1', 'Bot')], home, NOW), undefined);
  });

  it('is Low for a new address or a new device, Medium for both, nothing for neither', () => {
    const history = [event('Pass', home.ip, home.device)];
    assert.equal(accountTakeoverLevel(history, home, NOW), undefined);
    assert.equal(accountTakeoverLevel(history, { ...home, ip: '192.0.2.2' }, NOW), 'Low');
    assert.equal(accountTakeoverLevel(history, { ...home, device: 'Phone' }, NOW), 'Low');
    assert.equal(accountTakeoverLevel(history, { ip: '192.0.2.2', device: 'Phone' }, NOW), 'Medium');
  });

  it('counts only successful sign-ins, or events given Valid feedback, as known', () => {
    const stranger = { ip: '203.0.113.9', device: 'Phone' };
    assert.equal(accountTakeoverLevel([event('Pass', home.ip, home.device), event('Fail', stranger.ip, stranger.device)], stranger, NOW), 'Medium');
    assert.equal(accountTakeoverLevel([event('InProgress', stranger.ip, stranger.device), event('Pass', home.ip, home.device)], stranger, NOW), 'Medium');
    const vouched = [event('Pass', home.ip, home.device), event('Fail', stranger.ip, stranger.device, NOW - HOUR, 'Valid')];
    assert.equal(accountTakeoverLevel(vouched, stranger, NOW), undefined);
  });

  it('is High after five failed sign-ins within the hour from a new address and device, or where Invalid feedback was given', () => {
    const stranger = { ip: '203.0.113.9', device: 'Phone' };
    const failures = (n: number, at: number) => Array.from({ length: n }, () => event('Fail', '198.51.100.1', 'Bot', at));
    const known = event('Pass', home.ip, home.device);
    assert.equal(accountTakeoverLevel([known, ...failures(5, NOW - HOUR / 2)], stranger, NOW), 'High');
    assert.equal(accountTakeoverLevel([known, ...failures(4, NOW - HOUR / 2)], stranger, NOW), 'Medium');
    assert.equal(accountTakeoverLevel([known, ...failures(5, NOW - HOUR * 2)], stranger, NOW), 'Medium', 'older failures do not count');
    const disowned = [known, event('Pass', '192.0.2.50', home.device, NOW - HOUR, 'Invalid')];
    assert.equal(accountTakeoverLevel(disowned, { ip: '192.0.2.50', device: 'Tablet' }, NOW), 'High');
    assert.equal(accountTakeoverLevel(disowned, home, NOW), 'High', 'the disowned event shared the device');
  });
});

describe('risk exception IP ranges', () => {
  it('match IPv4 and IPv6 addresses by CIDR prefix', () => {
    const list = ipRanges('BlockedIPRangeList', ['198.51.100.0/24', '2001:db8::/32', '192.0.2.7/32']);
    assert.equal(list.check('198.51.100.200', 'ipv4'), true);
    assert.equal(list.check('198.51.101.1', 'ipv4'), false);
    assert.equal(list.check('192.0.2.7', 'ipv4'), true);
    assert.equal(list.check('192.0.2.8', 'ipv4'), false);
    assert.equal(list.check('2001:db8:1::5', 'ipv6'), true);
    assert.equal(list.check('2001:db9::1', 'ipv6'), false);
  });

  it('refuse what is not CIDR notation', () => {
    for (const range of ['198.51.100.0', '198.51.100.0/', '198.51.100.0/33', '300.1.1.1/8', '::/129', 'a/8', '1.2.3.4/8/8', '1.2.3.4/-1', '1.2.3.4/ 8']) {
      assert.throws(() => ipRanges('SkippedIPRangeList', [range]), { name: 'InvalidParameterException' }, range);
    }
  });
});

describe('checkRiskBody', () => {
  it('fills in every event for compromised credentials, and keeps a given filter without repeats', () => {
    assert.deepEqual(checkRiskBody({ CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }).CompromisedCredentialsRiskConfiguration, {
      EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      Actions: { EventAction: 'BLOCK' },
    });
    const filtered = checkRiskBody({ CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_UP', 'SIGN_UP'], Actions: { EventAction: 'NO_ACTION' } } });
    assert.deepEqual(filtered.CompromisedCredentialsRiskConfiguration!.EventFilter, ['SIGN_UP']);
  });
});
