// The answer's body as AWS JSON 1.1 writes it: timestamps in epoch seconds, absent members left out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeOutput } from './dispatch.js';

describe('serializeOutput', () => {
  it('writes timestamps as epoch seconds, however deep', () => {
    const created = new Date(1_700_000_000_500);
    assert.equal(
      serializeOutput({ User: { Username: 'a', UserCreateDate: created }, Users: [{ Attributes: [], UserLastModifiedDate: created }] }),
      '{"User":{"Username":"a","UserCreateDate":1700000000.5},"Users":[{"Attributes":[],"UserLastModifiedDate":1700000000.5}]}',
    );
  });

  it('leaves out absent members and answers {} for no output', () => {
    assert.equal(serializeOutput({ AccessToken: 't', IdToken: undefined, ExpiresIn: 3600 }), '{"AccessToken":"t","ExpiresIn":3600}');
    assert.equal(serializeOutput(undefined), '{}');
  });
});
