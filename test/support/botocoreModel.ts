// Writes a botocore service model of Cognito user pools (cognito-idp/2016-04-18/service-2.json) from
// the model keypool validates against, for boto3 releases that predate the passkey operations
// (boto3 reads extra models from the folders in AWS_DATA_PATH).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_PREFIX, operationDefs, shapes } from '../../src/protocol/model.js';

const ref = (shape: string) => ({ shape });

function botocoreShape(name: string): Record<string, unknown> {
  const { type, members, required, member, key, value, exception, min, max, pattern, enum: values, sensitive } = shapes[name]!;
  if (type === 'document') return { type: 'structure', members: {}, document: true };
  const out: Record<string, unknown> = { type };
  if (members) out.members = Object.fromEntries(Object.entries(members).map(([m, s]) => [m, ref(s)]));
  if (required) out.required = required;
  if (member) out.member = ref(member);
  if (key) out.key = ref(key);
  if (value) out.value = ref(value);
  if (exception) out.exception = true;
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (pattern !== undefined) out.pattern = pattern;
  if (values) out.enum = values;
  if (sensitive) out.sensitive = true;
  return out;
}

/** Lays the model out under `dataDir` as botocore expects; returns `dataDir` for AWS_DATA_PATH. */
export function writeBotocoreModel(dataDir: string): string {
  const operations = Object.fromEntries(
    Object.entries(operationDefs).map(([name, op]) => [
      name,
      {
        name,
        http: { method: 'POST', requestUri: '/' },
        ...(op.input ? { input: ref(op.input) } : {}),
        ...(op.output ? { output: ref(op.output) } : {}),
        errors: op.errors.map(ref),
        ...(op.unsigned ? { authtype: 'none' } : {}),
      },
    ]),
  );
  const model = {
    version: '2.0',
    metadata: {
      apiVersion: '2016-04-18',
      endpointPrefix: 'cognito-idp',
      jsonVersion: '1.1',
      protocol: 'json',
      serviceFullName: 'Amazon Cognito Identity Provider',
      serviceId: 'Cognito Identity Provider',
      signatureVersion: 'v4',
      targetPrefix: TARGET_PREFIX,
      uid: 'cognito-idp-2016-04-18',
    },
    operations,
    shapes: Object.fromEntries(Object.keys(shapes).map((name) => [name, botocoreShape(name)])),
  };
  const folder = join(dataDir, 'cognito-idp', '2016-04-18');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'service-2.json'), JSON.stringify(model));
  return dataDir;
}
