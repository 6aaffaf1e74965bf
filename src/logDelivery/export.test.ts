import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { destinationFile } from './export.js';

describe('destinationFile', () => {
  it('names the file after the log group, bucket or stream, under the data folder', () => {
    assert.equal(destinationFile('/data', { kind: 's3', name: 'my-bucket.logs' }), join('/data', 'logs', 's3', 'my-bucket.logs.jsonl'));
    assert.equal(destinationFile('/data', { kind: 'cloudwatch', name: '/aws/vendedlogs/x' }), join('/data', 'logs', 'cloudwatch', '_aws_vendedlogs_x.jsonl'));
  });

  it('never leaves its folder, whatever the name', () => {
    for (const name of ['..', '../../etc/passwd', '.hidden', 'a/../../b', '#1']) {
      const file = destinationFile('/data', { kind: 'firehose', name });
      assert.equal(file.startsWith(join('/data', 'logs', 'firehose') + '/'), true, file);
      assert.equal(file.split('/').at(-1)!.startsWith('.'), false, file);
    }
  });
});
