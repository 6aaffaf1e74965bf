// Deleting attributes (DeleteUserAttributes, AdminDeleteUserAttributes): the schema's required and
// immutable attributes stay, an app client deletes only what it may write, and an email or phone number
// goes with its verified flag, its pending new value and the alias it gave.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from './accounts.js';
import { mayWrite, schemaOf, type Writer } from './schema.js';
import { VERIFIABLE } from './updates.js';

/** Deletes the named attributes, or refuses (changing nothing) with one line per attribute that cannot go. */
export async function deleteAttributes(app: App, pool: PoolRecord, user: UserRecord, names: string[], writer: Writer): Promise<void> {
  const problems: string[] = [];
  for (const name of names) {
    const schema = schemaOf(pool, name);
    if (!schema) problems.push(`${name}: Attribute does not exist in the schema.`);
    else if (name === 'sub' || schema.Mutable === false) problems.push(`${name}: Attribute cannot be updated. (changing an immutable attribute)`);
    else if (schema.Required) problems.push(`${name}: The attribute is required`);
  }
  if (problems.length) throw errors.schemaViolation(problems);
  const unwritable = names.find((name) => !mayWrite(writer, name));
  if (unwritable) throw errors.unauthorizedAttribute(`deleting attribute ${unwritable}`);

  const attributes = { ...user.attributes };
  const pending = { ...user.preferences.pendingAttributes };
  for (const name of names) {
    delete attributes[name];
    if (VERIFIABLE.some((item) => item.kind === name)) {
      delete attributes[`${name}_verified`];
      delete pending[name];
    }
  }
  await saveUser(app, pool, {
    ...user,
    attributes,
    preferences: { ...user.preferences, pendingAttributes: Object.keys(pending).length ? pending : undefined },
    updatedAt: app.clock.now(),
  });
}
