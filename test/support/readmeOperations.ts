// The README's list of operations, made from the code: what the registry answers, and what the AWS
// model has that it does not yet. scripts/readme-operations.mjs writes it into the README;
// test/readme.test.ts checks that the README's list is this one.
import { operations } from '../../src/operations/index.js';
import { operationDefs } from '../../src/protocol/model.js';

export function operationsSection(): string {
  const answered = Object.keys(operations).sort();
  const missing = Object.keys(operationDefs).filter((name) => !Object.hasOwn(operations, name)).sort();
  const total = answered.length + missing.length;
  const list = (names: string[]) => names.map((name) => `\`${name}\``).join(', ');
  return [
    '<!-- operations:start -->',
    missing.length === 0
      ? `keypool answers every one of Cognito's ${total} user-pool operations:`
      : `keypool answers ${answered.length} of Cognito's ${total} user-pool operations:`,
    '',
    list(answered),
    ...(missing.length === 0 ? [] : ['', `Not there yet (they answer \`UnknownOperationException\`): ${list(missing)}.`]),
    '<!-- operations:end -->',
  ].join('\n');
}
