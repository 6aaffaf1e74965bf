#!/usr/bin/env node
// Generates src/protocol/model.generated.json from the official AWS API model of Amazon Cognito
// user pools (botocore's cognito-idp 2016-04-18 service-2.json, published by AWS in boto/botocore
// at botocore/data/cognito-idp/2016-04-18/service-2.json). Only operation names, member names,
// types and constraints are kept; the model's documentation text stays out.
//
//   npm run generate:model [-- path/to/cognito-idp.service-2.json]
//
// By default the model is read from ../shared/aws-model/ next to this checkout.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '..', 'shared', 'aws-model', 'cognito-idp.service-2.json');
const model = JSON.parse(readFileSync(source, 'utf8'));

const CONSTRAINT_KEYS = ['min', 'max', 'pattern', 'enum', 'sensitive'];

function compactShape(shape) {
  const out = { type: shape.type };
  for (const key of CONSTRAINT_KEYS) if (shape[key] !== undefined) out[key] = shape[key];
  if (shape.document) out.type = 'document';
  if (shape.type === 'structure' && !shape.document) {
    out.members = Object.fromEntries(Object.entries(shape.members).map(([name, m]) => [name, m.shape]));
    if (shape.required?.length) out.required = shape.required;
  }
  if (shape.type === 'list') out.member = shape.member.shape;
  if (shape.type === 'map') { out.key = shape.key.shape; out.value = shape.value.shape; }
  if (shape.exception) out.exception = true;
  return out;
}

const operations = {};
for (const [name, op] of Object.entries(model.operations)) {
  operations[name] = {
    input: op.input?.shape,
    output: op.output?.shape,
    errors: (op.errors ?? []).map((e) => e.shape),
    unsigned: op.authtype === 'none' || (op.auth ?? []).includes('smithy.api#noAuth'),
  };
}
const shapes = {};
for (const [name, shape] of Object.entries(model.shapes)) shapes[name] = compactShape(shape);

// Where the published model contradicts the service: DomainType's pattern and length admit only a
// prefix, yet the same member takes a custom domain's fully-qualified name (auth.example.com).
// Prefix rules are checked by CreateUserPoolDomain itself.
const LABEL = '[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?';
Object.assign(shapes.DomainType, { max: 253, pattern: `^${LABEL}(?:\\.${LABEL})*$` });

const generated = {
  source: 'boto/botocore botocore/data/cognito-idp/2016-04-18/service-2.json',
  apiVersion: model.metadata.apiVersion,
  targetPrefix: model.metadata.targetPrefix,
  operations,
  shapes,
};
const target = join(root, 'src', 'protocol', 'model.generated.json');
writeFileSync(target, JSON.stringify(generated, null, 1) + '\n');
console.log(`wrote ${target}: ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes`);
