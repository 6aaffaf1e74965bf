// The operation contract: the generated model files are exactly what scripts/generate-model.mjs
// makes of the AWS model, the registry holds exactly the operations of src/operations/, and what
// they answer is what the AWS SDK parses.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { requireShared } from '../../test/support/referenceData.js';
import type { OperationOutput } from '../app.js';
import { operations } from '../operations/index.js';
import type { OperationName } from './shapes.generated.js';

/** The repository, from dist/src/protocol/. */
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface ServiceModel {
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, { type: string; members?: Record<string, { shape: string }>; required?: string[] }>;
}

interface Generator {
  DEFAULT_SOURCE: string;
  readModel(source?: string): ServiceModel;
  generateModelFiles(model: ServiceModel): Record<string, string>;
}

const generator = (await import(pathToFileURL(`${root}scripts/generate-model.mjs`).href)) as Generator;

/** The AWS model beside the repository, read afresh; undefined (the test skipped, or failed in CI) when it is missing. */
function awsModel(t: TestContext): ServiceModel | undefined {
  const found = existsSync(generator.DEFAULT_SOURCE);
  requireShared(t, found, generator.DEFAULT_SOURCE);
  return found ? generator.readModel() : undefined;
}

/** Where two texts first part, for a message that says what drifted. */
function firstDifference(committed: string, generated: string): string {
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line < 0 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe('generated model files', () => {
  it('are what the generator makes of the AWS model, byte for byte', (t) => {
    const model = awsModel(t);
    if (!model) return;
    const files = generator.generateModelFiles(model);
    assert.deepEqual(Object.keys(files).sort(), ['src/protocol/model.generated.json', 'src/protocol/shapes.generated.ts']);
    for (const [path, generated] of Object.entries(files)) {
      const committed = readFileSync(`${root}${path}`, 'utf8');
      assert.ok(committed === generated, `${path} has drifted from the model (npm run generate:model): ${firstDifference(committed, generated)}`);
    }
  });

  it('make a member the model requires required, and one it does not optional', (t) => {
    const model = awsModel(t);
    if (!model) return;
    const types = (m: ServiceModel) => generator.generateModelFiles(m)['src/protocol/shapes.generated.ts']!;
    assert.match(types(model), /export interface GetUserRequest \{\n {2}AccessToken: string;\n\}/);
    delete model.shapes.GetUserRequest!.required;
    assert.match(types(model), /export interface GetUserRequest \{\n {2}AccessToken\?: string;\n\}/);
  });

  it('are not made from a model with a timestamp in an input, which would arrive as a number, not a Date', (t) => {
    const model = awsModel(t);
    if (!model) return;
    model.shapes.GetUserRequest!.members!.Since = { shape: 'DateType' };
    assert.equal(model.shapes.DateType!.type, 'timestamp');
    assert.throws(() => generator.generateModelFiles(model), /GetUserRequest > DateType is a timestamp in an input/);
  });
});

describe('the registry', () => {
  it('holds every file of src/operations/ under its wire name, and nothing else', async () => {
    const files = readdirSync(`${root}src/operations`)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.test.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
      .sort();
    assert.deepEqual(Object.keys(operations).sort(), files);
    for (const [name, operation] of Object.entries(operations)) {
      assert.equal(operation.name, name);
      const module = (await import(`../operations/${name}.js`)) as { default: unknown };
      assert.equal(module.default, operation, `operations/${name}.ts is not what the registry holds under ${name}`);
    }
  });
});

/** What the SDK's command for an operation hands its caller, without the response metadata. */
type SdkOutput<N extends OperationName> =
  InstanceType<(typeof sdk)[`${N}Command`]> extends { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> }
    ? Omit<O, '$metadata'>
    : never;

type Served = keyof typeof operations;

/** Operations whose answer type the SDK's would not accept. */
type Unparsed = { [N in Served]: OperationOutput<N> extends SdkOutput<N> ? never : N }[Served];

/** Their answers carry a document, `unknown` to keypool and any JSON value to the SDK. */
type AnswersWithDocuments =
  | 'StartWebAuthnRegistration'
  | 'CreateManagedLoginBranding'
  | 'DescribeManagedLoginBranding'
  | 'DescribeManagedLoginBrandingByClient'
  | 'UpdateManagedLoginBranding';

describe('answers', () => {
  it('are, by type, what the AWS SDK parses', () => {
    // Checked by the compiler: a served operation whose output type drifts from the SDK's fails to build.
    const parsed: [Exclude<Unparsed, AnswersWithDocuments>] extends [never] ? true : Exclude<Unparsed, AnswersWithDocuments> = true;
    assert.equal(parsed, true);
  });
});
