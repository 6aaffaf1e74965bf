import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { requestRegion } from './region.js';

const request = (url: string, authorization?: string) => ({ url, headers: authorization ? { authorization } : {} }) as IncomingMessage;
const signed = (region: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/cognito-idp/aws4_request, SignedHeaders=host, Signature=00`;

describe('requestRegion', () => {
  it('is the region the request is posted to, else the region it is signed for', () => {
    assert.equal(requestRegion(request('/eu-west-1')), 'eu-west-1');
    assert.equal(requestRegion(request('/eu-west-1/', signed('us-east-1'))), 'eu-west-1');
    assert.equal(requestRegion(request('/', signed('ap-southeast-2'))), 'ap-southeast-2');
    assert.equal(requestRegion(request('/', signed('us-gov-west-1'))), 'us-gov-west-1');
  });

  it('is none for an unsigned request to /, or for what is no region name', () => {
    assert.equal(requestRegion(request('/')), undefined);
    assert.equal(requestRegion(request('/health')), undefined);
    assert.equal(requestRegion(request('/', signed('local'))), undefined);
    assert.equal(requestRegion(request('/mars-north-9')), undefined);
  });
});
