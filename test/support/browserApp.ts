// A browser app made of unmodified npm packages (aws-amplify, oidc-client-ts): its entry bundled for
// the browser with esbuild, and the server of its page, which loads the bundle at every path.
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Bundles `entry` (ES module source importing from the project's packages) into `dir`/app.js. */
export async function bundleApp(dir: string, entry: string): Promise<Buffer> {
  const outfile = join(dir, 'app.js');
  await build({ stdin: { contents: entry, resolveDir: PROJECT, loader: 'js' }, bundle: true, format: 'iife', platform: 'browser', outfile, logLevel: 'silent' });
  return readFileSync(outfile);
}

/** Serves the bundle at /app.js and, at every other path, a page that loads it. */
export function appPage(bundle: Buffer): RequestListener {
  return (req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>keypool e2e</title><script src="/app.js"></script>');
  };
}
