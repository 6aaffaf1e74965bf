// The AWS API model's constraints, generated into model.generated.json by scripts/generate-model.mjs
// (beside the TypeScript types of the same shapes, shapes.generated.ts).
import { createRequire } from 'node:module';
import type { OperationName } from './shapes.generated.js';

export interface ShapeDef {
  type: 'structure' | 'string' | 'list' | 'integer' | 'long' | 'map' | 'boolean' | 'blob' | 'timestamp' | 'document';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  members?: Record<string, string>;
  required?: string[];
  member?: string;
  key?: string;
  value?: string;
  exception?: boolean;
}

export interface OperationDef {
  input?: string;
  output?: string;
  errors: string[];
  /** Token-authorized or anonymous: no SigV4 (botocore authtype none). */
  unsigned: boolean;
}

interface Model {
  targetPrefix: string;
  operations: Record<OperationName, OperationDef>;
  shapes: Record<string, ShapeDef>;
}

const model = createRequire(import.meta.url)('./model.generated.json') as Model;

export const TARGET_PREFIX = model.targetPrefix;
export const operationDefs: Readonly<Record<OperationName, OperationDef>> = model.operations;
export const shapes: Readonly<Record<string, ShapeDef>> = model.shapes;

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(operationDefs, name);

export function shape(name: string): ShapeDef {
  const found = shapes[name];
  if (!found) throw new Error(`shape ${name} is not in the model`);
  return found;
}
