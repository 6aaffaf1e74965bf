// Assembling and running one keypool node: store, keys, operations, HTTP listener, sweeper.
import { IMPORT_LEASE_MS, resumeAbandonedImports } from '../imports/runner.js';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { checkExposure, exposureWarning } from '../operator/access.js';
import { operations } from '../operations/index.js';
import { Dispatcher } from '../protocol/dispatch.js';
import { loadServerSecret } from '../secrets.js';
import type { Store } from '../store/store.js';
import { openStore } from '../store/open.js';
import { KeyRing } from '../tokens/keys.js';
import { Functions } from '../triggers/functions.js';
import { createHttpServer } from './http.js';

export interface KeypoolOptions {
  clock?: Clock;
  logger?: Logger;
  /** Use this store instead of opening one from the configuration. */
  store?: Store;
}

export interface RunningKeypool {
  app: App;
  /** The listening URL, e.g. http://127.0.0.1:9229. */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, closes the store. */
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

export async function startKeypool(config: Config, options: KeypoolOptions = {}): Promise<RunningKeypool> {
  checkExposure(config);
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const exposure = exposureWarning(config);
  if (exposure) log.warn(exposure);
  const store = options.store ?? (await openStore(config, clock.now(), log));
  let baseUrl = config.publicUrl?.replace(/\/+$/, '') ?? '';
  const keys = new KeyRing(store, clock, config.keyEncryptionKey);
  try {
    await keys.checkSealedKeys();
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
  const app: App = {
    config,
    store,
    clock,
    log,
    keys,
    serverSecret: await loadServerSecret(store, clock.now()),
    issuer: (poolId) => `${baseUrl}/${poolId}`,
    functions: new Functions(config),
  };
  const dispatcher = new Dispatcher(app, operations);
  const server = createHttpServer(app, dispatcher);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  if (!baseUrl) baseUrl = url;

  const sweeper = setInterval(() => {
    store.sweep(clock.now(), config.eventRetention).catch((error) => log.warn({ err: error }, 'sweep failed'));
  }, SWEEP_EVERY_MS);
  sweeper.unref();
  // Import jobs whose node stopped mid-import are resumed by whichever node sees their lease run out.
  const resumeImports = () => resumeAbandonedImports(app).catch((error) => log.warn({ err: error }, 'resuming user imports failed'));
  const importResumer = setInterval(resumeImports, IMPORT_LEASE_MS / 2);
  importResumer.unref();
  void resumeImports();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      clearInterval(importResumer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      app.functions.close();
      await store.close();
    })());

  return { app, url, port, close };
}

