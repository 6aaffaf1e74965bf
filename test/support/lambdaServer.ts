// A real local implementation of the AWS Lambda Invoke API: serverless-offline, serving the functions
// of a serverless.yml; by default the tests' trigger function (test/fixtures/triggers/handler.mjs).
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort } from './process.js';

export const TRIGGER_HANDLER = fileURLToPath(new URL('../../../test/fixtures/triggers/handler.mjs', import.meta.url));

/** The tests' function's name under serverless-offline: <service>-<stage>-<function>. */
const TEST_FUNCTION = 'keypool-test-local-trigger';

export interface LambdaServer {
  endpoint: string;
  /** The ARN pools name the function by. */
  arn: string;
  stop(): Promise<void>;
}

/**
 * Starts serverless-offline on the serverless.yml in `serviceDir` and resolves once it serves
 * `functionName`; the environment it reads ${env:...} from is this process's.
 */
export async function startLambdaServer(serviceDir = dirname(TRIGGER_HANDLER), functionName = TEST_FUNCTION): Promise<LambdaServer> {
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve('serverless/bin/serverless.js');
  const child = spawn(process.execPath, [cli, 'offline', 'start', '--lambdaPort', String(port), '--host', '127.0.0.1'], {
    cwd: serviceDir,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless-offline did not start within 60 s:\n${output}`)), 60_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(functionName)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serverless-offline exited with code ${code}:\n${output}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
