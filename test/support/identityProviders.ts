// Identity providers for the federation tests, each its own process on 127.0.0.1: an OpenID Connect
// provider (oidc-provider) and a SAML 2.0 provider (samlify); see test/fixtures/identity-providers/.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stop } from './process.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/identity-providers/', import.meta.url));

export interface IdentityProviderProcess {
  url: string;
  stop(): Promise<void>;
}

function startFixture(file: string, config: unknown): Promise<IdentityProviderProcess> {
  const child: ChildProcess = spawn(process.execPath, [`${FIXTURES}${file}`, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 20 s: ${output}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = output.match(/listening on (\S+)/);
      if (!listening) return;
      clearTimeout(timer);
      resolve({ url: listening[1]!, stop: async () => void (await stop(child)) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}: ${output}`));
    });
  });
}

export interface OidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: string;
}

/** oidc-provider on `port` (its issuer http://127.0.0.1:<port>) with these clients and users (claims by login name). */
export const startOidcProvider = (config: {
  port: number;
  clients: OidcClient[];
  users: Record<string, Record<string, unknown>>;
  appleClient?: { client_id: string; client_secret: string; team_id: string; key_id: string; public_key: string };
}) => startFixture('oidc-idp.mjs', config);

/** A samlify identity provider on `port` that signs `user` in to the service provider at once. */
export const startSamlProvider = (config: { port: number; spEntityId: string; acsUrl: string; user: { nameId: string; attributes: Record<string, string> } }) =>
  startFixture('saml-idp.mjs', config);
