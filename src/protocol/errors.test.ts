// The error table is the only place an error's wire text is written, and the wire function the only
// way it leaves: every type is one the AWS model or the protocol knows, every entry builds its type,
// and what is only for the operator (detail, cause) never reaches the client.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CognitoError, ERROR_TYPES, errors, wireError } from './errors.js';
import { operationDefs } from './model.js';

/** Errors of the AWS JSON protocol and of SigV4, which the model does not list per operation. */
const PROTOCOL_ERRORS = [
  'AccessDeniedException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'SerializationException',
  'UnknownOperationException',
  'UnrecognizedClientException',
];

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error table', () => {
  it('names only error types of the AWS model or of the protocol', () => {
    const modelled = new Set(Object.values(operationDefs).flatMap((def) => def.errors));
    const unknown = ERROR_TYPES.filter((type) => !modelled.has(type) && !PROTOCOL_ERRORS.includes(type));
    assert.deepEqual(unknown, []);
  });

  it('builds each entry as a CognitoError of a listed type with a message', () => {
    for (const [name, build] of Object.entries(errors)) {
      // ['x'] reads as 'x' in a message and as a list of one where an entry takes a list.
      const args = Array.from({ length: build.length }, () => ['x']);
      const error = (build as (...a: unknown[]) => unknown)(...args);
      assert.ok(error instanceof CognitoError, name);
      assert.ok(ERROR_TYPES.includes(error.type), `${name}: ${error.type}`);
      assert.ok(error.message.length > 0, name);
      assert.equal(error.status, error.type === 'InternalErrorException' ? 500 : name === 'tooLarge' ? 413 : 400, name);
    }
  });

  it('never puts the detail or the cause on the wire', () => {
    const refusal = wireError(errors.incorrectCredentials('detail-for-the-log', new Error('cause-for-the-log')));
    assert.equal(refusal.status, 400);
    assert.deepEqual(JSON.parse(refusal.body), { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.equal(refusal.headers['x-amzn-ErrorType'], 'NotAuthorizedException');
    assert.doesNotMatch(JSON.stringify(refusal), /for-the-log/);
  });

  it('answers anything that is not a CognitoError as an internal error, saying nothing of it', () => {
    const refusal = wireError(new Error('connection to db.internal:5432 refused, password=hunter2'));
    assert.equal(refusal.status, 500);
    assert.deepEqual(JSON.parse(refusal.body), { __type: 'InternalErrorException', message: 'Internal server error.' });
    assert.doesNotMatch(JSON.stringify(refusal), /hunter2|db\.internal/);
  });

  it('keeps header values printable and short', () => {
    const refusal = wireError(errors.invalidSearchAttribute(`é\n${'a'.repeat(1000)}`));
    assert.match(refusal.headers['x-amzn-ErrorMessage']!, /^[\x20-\x7e]{1,512}$/);
  });

  it('is the only place an error is built: no CognitoError is constructed elsewhere in the server', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.endsWith(join('protocol', 'errors.ts')))
      .filter((file) => /new CognitoError\(/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
