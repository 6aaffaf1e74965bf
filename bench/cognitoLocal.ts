// cognito-local, the emulator keypool is compared with: installed with npm into a scratch folder
// (it is no dependency of keypool), its pool and app client created through its API, its users
// written into its data file (its API rewrites the whole file per user), then restarted to load them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startProcess, type ServerProcess } from './processes.js';
import { adminClient, PASSWORD, subOf, usernameOf } from './seed.js';
import { Wire } from './wire.js';

export const COGNITO_LOCAL_VERSION = '5.3.0';

/** Installs cognito-local once into `scratch` (kept between runs); returns its start script. */
export function installCognitoLocal(scratch: string): string {
  const script = join(scratch, 'node_modules', 'cognito-local', 'lib', 'bin', 'start.js');
  const installed = join(scratch, 'node_modules', 'cognito-local', 'package.json');
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === COGNITO_LOCAL_VERSION) return script;
  mkdirSync(scratch, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', scratch, `cognito-local@${COGNITO_LOCAL_VERSION}`], {
    stdio: 'inherit',
  });
  return script;
}

const start = (script: string, dataDir: string) =>
  startProcess([script], /Cognito Local running on (http:\/\/\S+)/, { cwd: dataDir, env: { PORT: '0', HOST: '127.0.0.1' } });

export interface SeededCognitoLocal {
  server: ServerProcess;
  clientId: string;
}

/** A fresh cognito-local in `dataDir` with `users` confirmed users with the benchmark's password. */
export async function startSeededCognitoLocal(script: string, dataDir: string, users: number): Promise<SeededCognitoLocal> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  let server = await start(script, dataDir);
  const cognito = adminClient(server.url);
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'bench' }));
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
  );
  cognito.destroy();
  await server.stop();

  const dbDir = join(dataDir, '.cognito', 'db');
  const poolFile = join(dbDir, readdirSync(dbDir).find((f) => f.startsWith(UserPool!.Id!))!);
  const pool = JSON.parse(readFileSync(poolFile, 'utf8')) as { Users: Record<string, unknown> };
  const created = new Date().toISOString();
  for (let i = 0; i < users; i++) {
    pool.Users[usernameOf(i)] = {
      Username: usernameOf(i),
      Password: PASSWORD,
      Attributes: [
        { Name: 'sub', Value: subOf(i) },
        { Name: 'email', Value: `${usernameOf(i)}@bench.example` },
        { Name: 'email_verified', Value: 'true' },
      ],
      Enabled: true,
      UserStatus: 'CONFIRMED',
      UserCreateDate: created,
      UserLastModifiedDate: created,
    };
  }
  writeFileSync(poolFile, JSON.stringify(pool));
  server = await start(script, dataDir);
  return { server, clientId: UserPoolClient!.ClientId! };
}

/** Access tokens of the given users, by signing each in (cognito-local mints tokens no other way). */
export async function cognitoLocalTokens(url: string, clientId: string, users: number[]): Promise<string[]> {
  const wire = new Wire(url, 1);
  const tokens: string[] = [];
  for (const i of users) {
    const result = await wire.call<{ AuthenticationResult: { AccessToken: string } }>('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: usernameOf(i), PASSWORD },
    });
    tokens.push(result.AuthenticationResult.AccessToken);
  }
  wire.close();
  return tokens;
}
