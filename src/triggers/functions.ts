// Where each function of a pool's LambdaConfig runs: a local module given for its name or ARN
// (`--trigger`), else the Lambda Invoke API at `--lambda-endpoint`.
import type { Config } from '../config.js';
import { FunctionFailure } from './failure.js';
import { LambdaApi } from './lambdaApi.js';
import { LocalModules } from './localModules.js';

/** The function name and qualifier of a Lambda ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]), or of a name. */
export function functionOf(arnOrName: string): { name: string; qualifier?: string } {
  const match = arnOrName.match(/^arn:[\w-]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/);
  return match ? { name: match[1]!, ...(match[2] ? { qualifier: match[2] } : {}) } : { name: arnOrName };
}

export const functionName = (arnOrName: string): string => functionOf(arnOrName).name;

export class Functions {
  private readonly modules = new LocalModules();
  private readonly lambda: LambdaApi | undefined;

  constructor(private readonly config: Pick<Config, 'triggers' | 'lambdaEndpoint' | 'region'>) {
    this.lambda = config.lambdaEndpoint ? new LambdaApi(config.lambdaEndpoint, config.region) : undefined;
  }

  /** The local module serving `arn`, if one was given for it or its name. */
  private moduleOf(arn: string): string | undefined {
    return this.config.triggers[arn] ?? this.config.triggers[functionName(arn)];
  }

  /** Where `arn` runs, for the log. */
  whereRuns(arn: string): 'module' | 'lambda' | 'nowhere' {
    return this.moduleOf(arn) ? 'module' : this.lambda ? 'lambda' : 'nowhere';
  }

  /** Invokes the function with `event`: the JSON text it answered, or a FunctionFailure. */
  invoke(arn: string, event: unknown, timeoutMs: number): Promise<string> {
    const file = this.moduleOf(arn);
    if (file) return this.modules.invoke(file, functionName(arn), event, timeoutMs);
    if (this.lambda) return this.lambda.invoke(arn, event, timeoutMs);
    const name = functionName(arn);
    return Promise.reject(
      new FunctionFailure('unreachable', `keypool has no local module for ${name} (--trigger ${name}=<file>) and no --lambda-endpoint to invoke it at`),
    );
  }

  close(): void {
    this.modules.close();
    this.lambda?.close();
  }
}
