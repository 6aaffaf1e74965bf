// AWS JSON 1.1: X-Amz-Target names the operation, the body is its input. This turns one request
// into one answer: find the operation, parse, validate against the model, run, serialize.
import { randomUUID } from 'node:crypto';
import { newRequestContext, type App, type Operation, type OperationInput, type OperationOutput, type RequestContext } from '../app.js';
import { recordAuthEvent } from '../events/record.js';
import { CognitoError, errors, wireError } from './errors.js';
import { TARGET_PREFIX, isOperationName, operationDefs } from './model.js';
import { Quotas } from './quotas.js';
import type { OperationName } from './shapes.generated.js';
import { validateInput } from './validate.js';

export interface WireRequest {
  target: string | undefined;
  body: string;
  sourceIp: string;
  userAgent: string;
  /** The region the request was made in, when its path or signature names one. */
  region?: string;
  /** Called for operations that need IAM (SigV4) authorization; throws a CognitoError to refuse. */
  authorizeSigned: () => Promise<void>;
}

export interface WireResponse {
  status: number;
  requestId: string;
  body: string;
  /** AWS's error headers on a refusal; none on success. */
  headers: Record<string, string>;
}

/** Whether a Date sits anywhere in an output (plain objects, arrays and scalars). */
function holdsDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const member of Array.isArray(value) ? value : Object.values(value)) if (holdsDate(member)) return true;
  return false;
}

function epochSeconds(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

/**
 * Timestamps go out as epoch seconds; absent members are simply left out. A replacer takes
 * JSON.stringify off its fast path, so only outputs that hold a timestamp pass through one.
 */
export function serializeOutput(output: unknown): string {
  const body = output ?? {};
  return holdsDate(body) ? JSON.stringify(body, epochSeconds) : JSON.stringify(body);
}

/** The operations keypool answers, keyed by wire name: the operation under a key carries that name. */
export type Registry = { readonly [N in OperationName]?: Operation<N> };

export class Dispatcher {
  private readonly quotas?: Quotas;

  constructor(
    private readonly app: App,
    private readonly registry: Registry,
  ) {
    if (app.config.quotas) this.quotas = new Quotas(app, app.config.quotas);
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    const requestId = randomUUID();
    const started = performance.now();
    const name = this.operationName(request.target);
    const ctx = newRequestContext(this.app, {
      requestId,
      operation: name ?? String(request.target ?? ''),
      sourceIp: request.sourceIp,
      userAgent: request.userAgent,
      ...(request.region === undefined ? {} : { region: request.region }),
    });
    try {
      if (name === undefined) throw errors.unknownOperation(`unknown target ${request.target ?? '(none)'}`);
      const output = await this.perform(name, request, ctx);
      this.app.log.info({ requestId, operation: name, ...ctx.noted, ms: elapsed(started) }, 'ok');
      return { status: 200, requestId, body: serializeOutput(output), headers: {} };
    } catch (error) {
      const failure = error instanceof CognitoError ? error : errors.internal(undefined, error);
      if (failure.status >= 500) {
        this.app.log.error({ requestId, operation: ctx.operation, err: error }, 'internal error');
      } else {
        this.app.log.info(
          { requestId, operation: ctx.operation, ...ctx.noted, error: failure.type, reason: failure.detail, ms: elapsed(started) },
          'refused',
        );
      }
      return { requestId, ...wireError(failure) };
    }
  }

  /** One operation's checklist: implemented, signed when it must be, valid input, within quota; then run and record. */
  private async perform<N extends OperationName>(name: N, request: WireRequest, ctx: RequestContext): Promise<OperationOutput<N>> {
    const operation = this.registry[name];
    if (!operation) throw errors.notImplemented(name);
    let input: unknown;
    try {
      const def = operationDefs[name];
      if (!def.unsigned) await request.authorizeSigned();
      input = this.parse(request.body);
      if (def.input) validateInput(def.input, input);
      await this.quotas?.admit(operation.quota, input);
    } catch (error) {
      await recordAuthEvent(ctx, operation.authEvent, { input, error });
      throw error;
    }
    // Validated against the operation's input shape: from here the input is what its type says.
    return runOperation(operation, input as OperationInput<N>, ctx);
  }

  private operationName(target: string | undefined): OperationName | undefined {
    if (!target) return undefined;
    const dot = target.lastIndexOf('.');
    if (dot < 0 || target.slice(0, dot) !== TARGET_PREFIX) return undefined;
    const name = target.slice(dot + 1);
    return isOperationName(name) ? name : undefined;
  }

  private parse(body: string): unknown {
    // Some clients send an empty body for an operation without members.
    if (body.trim() === '') return {};
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      throw errors.bodyNotJson();
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw errors.bodyNotObject();
    }
    return input;
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/**
 * Runs an operation on input its model shape was checked against, with its own ClientMetadata for
 * the functions it runs and its own list of those that ran (also where a managed login page runs it
 * within a sign-in of the page's), and records its auth event whether it answers or refuses: the
 * dispatcher's last step, and how the managed login pages do what the API does.
 */
export async function runOperation<N extends OperationName>(operation: Operation<N>, input: OperationInput<N>, ctx: RequestContext): Promise<OperationOutput<N>> {
  const { ClientMetadata: clientMetadata } = input as { ClientMetadata?: Record<string, string> };
  const own: RequestContext = { ...ctx, clientMetadata, triggerRuns: [] };
  try {
    const output = await operation.handler(input, own);
    await recordAuthEvent(own, operation.authEvent, { input, output });
    return output;
  } catch (error) {
    await recordAuthEvent(own, operation.authEvent, { input, error });
    throw error;
  }
}
