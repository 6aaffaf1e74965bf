// The registry: every file in this folder is one Cognito operation, named by its wire name and
// default-exporting defineOperation(<that name>, handler). The registry is a plain object keyed by
// wire name, so an unknown target is a lookup miss.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Operation } from '../app.js';
import type { Registry } from '../protocol/dispatch.js';
import { operationDefs } from '../protocol/model.js';

export async function loadOperations(): Promise<Registry> {
  const folder = dirname(fileURLToPath(import.meta.url));
  const registry: Record<string, Operation<unknown, unknown>> = {};
  const files = readdirSync(folder).filter((f) => f.endsWith('.js') && f !== 'index.js');
  for (const file of files) {
    const name = file.slice(0, -3);
    const module = (await import(pathToFileURL(`${folder}/${file}`).href)) as { default?: Operation<unknown, unknown> };
    const operation = module.default;
    if (!operation || operation.name !== name) throw new Error(`operations/${file} must default-export the operation ${name}`);
    if (!Object.hasOwn(operationDefs, name)) throw new Error(`operations/${file}: ${name} is not a Cognito operation`);
    registry[name] = operation;
  }
  return registry;
}
