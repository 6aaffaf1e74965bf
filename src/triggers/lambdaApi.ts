// Triggers served through the AWS Lambda Invoke API at `--lambda-endpoint`: AWS itself, or whatever
// serves that API locally. The function is invoked by the name in its ARN (with the ARN's version or
// alias as Qualifier), which local Lambda servers know it by, and AWS too within the account.
// The SDK (20 MiB in memory) is loaded with the first invocation.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { FunctionFailure } from './failure.js';
import { functionOf } from './functions.js';

export class LambdaApi {
  private sdk?: Promise<{ client: LambdaClient; InvokeCommand: typeof import('@aws-sdk/client-lambda').InvokeCommand }>;

  constructor(
    private readonly endpoint: string,
    private readonly region: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private load() {
    return (this.sdk ??= import('@aws-sdk/client-lambda').then(({ LambdaClient, InvokeCommand }) => {
      const client = new LambdaClient({
        endpoint: this.endpoint,
        region: this.region,
        maxAttempts: 1,
        // Local Lambda servers take any credentials; AWS takes the ones of the environment.
        ...(this.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'keypool', secretAccessKey: 'keypool' } }),
      });
      return { client, InvokeCommand };
    }));
  }

  async invoke(arn: string, event: unknown, timeoutMs: number): Promise<string> {
    const { name, qualifier } = functionOf(arn);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const { client, InvokeCommand } = await this.load();
      const out = await client.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify(event)) }), {
        abortSignal: abort.signal,
      });
      const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
      if (out.FunctionError) {
        const { errorMessage, errorType } = parseError(payload);
        if (errorType === 'Sandbox.Timedout' || /timed out|timeout/i.test(errorMessage)) throw new FunctionFailure('timeout', errorMessage);
        throw new FunctionFailure('error', errorMessage, errorType);
      }
      return payload;
    } catch (error) {
      if (error instanceof FunctionFailure) throw error;
      if (abort.signal.aborted) throw new FunctionFailure('timeout', `no answer within ${timeoutMs} ms`);
      // The Lambda API refused the call (ResourceNotFoundException, ...), or could not be reached (ECONNREFUSED, ...).
      const { name, message, code } = error as Error & { code?: string };
      const reason = name === 'Error' && code ? code : name;
      throw new FunctionFailure('unreachable', `${reason}: ${message}`, reason);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    void this.sdk?.then(({ client }) => client.destroy());
  }
}

function parseError(payload: string): { errorMessage: string; errorType?: string } {
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown; errorType?: unknown };
    return { errorMessage: String(parsed.errorMessage ?? payload), errorType: typeof parsed.errorType === 'string' ? parsed.errorType : undefined };
  } catch {
    return { errorMessage: payload };
  }
}
