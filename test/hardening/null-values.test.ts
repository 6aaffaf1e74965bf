// Attack: JSON nulls where the model expects a value. `{"AuthParameters": {"REFRESH_TOKEN": null}}`
// on InitiateAuth used to reach the flow and answer 500. This sweeps every operation keypool serves
// and every member of its input, nested structures and list items included: each member set to
// null, each map given a null value, each list a null item, all sent as raw JSON.
//   - A null map value or list item, or a null required member, is refused by validation:
//     400 InvalidParameterException "... Member must not be null", before the operation runs.
//   - A null optional member is read as absent, as Cognito reads it: the answer is whatever the
//     operation answers without it (never a 5xx, and a 4xx only with an error type of the operation).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { operations } from '../../src/operations/index.js';
import type { OperationName } from '../../src/protocol/shapes.generated.js';
import { isOperationName, operationDefs, shape, type ShapeDef } from '../../src/protocol/model.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createLiveIds, plausibleInput, plausibleValue, type LiveIds } from './support/plausible.js';
import { postRaw, type RawAnswer } from './support/raw.js';

const PROTOCOL_ERRORS = ['SerializationException', 'InvalidParameterException'];
const MAX_DEPTH = 4;

interface NullCase {
  /** Where the null is, e.g. `UserAttributes[0].Name` or `AuthParameters{}`. */
  path: string;
  input: Record<string, unknown>;
  /** Refused by validation, or read as if the member were not there (`absent` is then that request). */
  expect: { refused: true } | { refused: false; absent: Record<string, unknown> };
}

/** A request with `value` where the structure being walked sits. */
type Place = (value: Record<string, unknown>) => Record<string, unknown>;

function* nullCases(def: ShapeDef, base: Record<string, unknown>, place: Place, path: string, ids: LiveIds, depth: number): Generator<NullCase> {
  for (const [member, memberShape] of Object.entries(def.members ?? {})) {
    const memberPath = path ? `${path}.${member}` : member;
    const within = (value: unknown) => place({ ...base, [member]: value });
    const without = Object.fromEntries(Object.entries(base).filter(([name]) => name !== member));
    yield {
      path: memberPath,
      input: within(null),
      expect: def.required?.includes(member) ? { refused: true } : { refused: false, absent: place(without) },
    };
    const memberDef = shape(memberShape);
    if (memberDef.type === 'map') {
      const key = plausibleValue(shape(memberDef.key!), ids, depth) as string;
      yield { path: `${memberPath}{}`, input: within({ [key]: null }), expect: { refused: true } };
    } else if (memberDef.type === 'list') {
      const itemDef = shape(memberDef.member!);
      const item = plausibleValue(itemDef, ids, depth);
      yield { path: `${memberPath}[]`, input: within([item, null]), expect: { refused: true } };
      if (itemDef.type === 'structure' && depth < MAX_DEPTH) {
        yield* nullCases(itemDef, item as Record<string, unknown>, (value) => within([value]), `${memberPath}[0]`, ids, depth + 1);
      }
    } else if (memberDef.type === 'structure' && depth < MAX_DEPTH) {
      const nested = (base[member] ?? plausibleValue(memberDef, ids, depth)) as Record<string, unknown>;
      yield* nullCases(memberDef, nested, within, memberPath, ids, depth + 1);
    }
  }
}

function casesOf(op: OperationName, ids: LiveIds): NullCase[] {
  const inputShape = operationDefs[op].input;
  if (!inputShape) return [];
  return [...nullCases(shape(inputShape), plausibleInput(op, ids), (value) => value, '', ids, 0)];
}

describe('attack: null values in requests', () => {
  let server: TestServer;
  let ids: LiveIds;
  before(async () => {
    server = await startTestServer();
    ids = await createLiveIds(server, 'nulls');
  });
  after(() => server.dispose());

  const post = (op: string, input: unknown) => postRaw(server.url, op, JSON.stringify(input));
  const shown = (answer: RawAnswer) => `${answer.status} ${answer.errorType} ${answer.body.slice(0, 200)}`;

  /** Whether the pool, the app client and the signed-in user are all still there. */
  const stillUsable = async () =>
    (await post('DescribeUserPoolClient', { UserPoolId: ids.poolId, ClientId: ids.clientId })).status === 200 &&
    (await post('GetUser', { AccessToken: ids.accessToken })).status === 200;

  it('refuses the reported inputs with a 400 in the model\'s wording', async () => {
    const { clientId } = ids;
    for (const [flow, parameters] of [
      ['REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: null }],
      ['USER_PASSWORD_AUTH', { USERNAME: null }],
      ['USER_PASSWORD_AUTH', { USERNAME: ids.username, PASSWORD: null }],
    ] as const) {
      const answer = await post('InitiateAuth', { ClientId: clientId, AuthFlow: flow, AuthParameters: parameters });
      assert.equal(answer.status, 400, shown(answer));
      assert.deepEqual(JSON.parse(answer.body), {
        __type: 'InvalidParameterException',
        // AuthParameters is sensitive in the model: named without its value.
        message: "1 validation error detected: Value at 'authParameters' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]",
      });
    }
    const listed = await post('AdminCreateUser', { UserPoolId: 'us-east-1_Null1', Username: 'n', UserAttributes: [null] });
    assert.equal(
      JSON.parse(listed.body).message,
      "1 validation error detected: Value '[null]' at 'userAttributes' failed to satisfy constraint: Member must satisfy constraint: [Member must not be null]",
    );
  });

  it('answers nulls in every member of every operation with a 4xx, or as if the member were absent', async () => {
    const failures: string[] = [];
    const counts = { refused: 0, absent: 0 };
    for (const op of Object.keys(operations).filter(isOperationName).sort()) {
      // A null read as absent may well delete or revoke what the request names: start afresh then.
      if (!(await stillUsable())) ids = await createLiveIds(server, 'nulls');
      const allowed = [...PROTOCOL_ERRORS, ...operationDefs[op].errors];
      for (const nullCase of casesOf(op, ids)) {
        const answer = await post(op, nullCase.input);
        const where = `${op} ${nullCase.path}`;
        if (nullCase.expect.refused) {
          counts.refused++;
          const refusedByValidation = answer.status === 400 && answer.errorType === 'InvalidParameterException' && answer.body.includes('Member must not be null');
          if (!refusedByValidation) failures.push(`${where}: ${shown(answer)}`);
          continue;
        }
        counts.absent++;
        if (answer.status >= 500 || (answer.status >= 400 && !allowed.includes(answer.errorType ?? ''))) {
          failures.push(`${where}: ${shown(answer)}`);
        } else if (answer.status >= 400) {
          // Refused, so nothing changed: without the member the request must be refused alike.
          const absent = await post(op, nullCase.expect.absent);
          if (absent.status !== answer.status || absent.errorType !== answer.errorType) {
            failures.push(`${where}: null gave ${shown(answer)}, absent gave ${shown(absent)}`);
          }
        }
      }
    }
    console.log(JSON.stringify({ nullCases: counts.refused + counts.absent, ...counts, failures: failures.length }));
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} null inputs were not answered as they should be`);
    assert.ok(counts.refused > 100 && counts.absent > 100, 'the sweep reached nested members');
  });
});
