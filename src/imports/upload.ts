// The pre-signed URL of a user import job: a PUT of the CSV file, as S3 takes one (any headers,
// such as x-amz-server-side-encryption, accepted), answered with S3's XML errors. The file is read
// as it arrives and stored as chunks of parsed rows in the store, so any node may run the job.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { App } from '../app.js';
import type { ImportRow } from '../store/records.js';
import { CsvError, CsvReader, isBlank } from './csv.js';
import { tokenHash, uploadToken } from './jobs.js';

/** Cognito's limit on an import file. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** Rows per stored chunk, and so per import transaction. */
export const ROWS_PER_CHUNK = 1000;

const PATH = /^\/([\w-]+_[0-9a-zA-Z]+)\/user-import\/(import-[0-9a-zA-Z-]+)$/;

const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/xml', Connection: 'close' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Answers a PUT to an upload URL; false when the path is not one. */
export async function handleImportUpload(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://keypool.invalid');
  const match = PATH.exec(url.pathname);
  if (req.method !== 'PUT' || !match) return false;
  const [, poolId, jobId] = match as unknown as [string, string, string];
  const job = await app.store.importJobs.get(poolId, jobId);
  const given = url.searchParams.get('X-Amz-Signature') ?? '';
  if (!job || !sameToken(given, uploadToken(app, job))) {
    s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    return true;
  }
  if (app.clock.now() > job.uploadExpiresAt) {
    s3Error(res, 403, 'AccessDenied', 'Request has expired');
    return true;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    return true;
  }
  const hash = tokenHash(given);
  if (!(await app.store.importJobs.beginUpload(jobId, hash))) {
    s3Error(res, 403, 'AccessDenied', 'Access Denied');
    return true;
  }
  const reader = new CsvReader();
  const md5 = createHash('md5');
  let size = 0;
  let seq = 0;
  let rows = 0;
  let pending: ImportRow[] = [];
  const take = async (records: ImportRow[], final: boolean) => {
    for (const record of records) {
      if (isBlank(record[1])) continue;
      pending.push(record);
      if (seq > 0) rows += 1;
      // Chunk 0 is the header alone; then ROWS_PER_CHUNK rows a chunk.
      if (seq === 0 || pending.length >= ROWS_PER_CHUNK) {
        await app.store.importJobs.addChunk(jobId, seq++, pending);
        pending = [];
      }
    }
    if (final && pending.length) await app.store.importJobs.addChunk(jobId, seq++, pending);
  };
  try {
    req.setEncoding('utf8');
    for await (const piece of req as AsyncIterable<string>) {
      size += Buffer.byteLength(piece);
      if (size > MAX_UPLOAD_BYTES) {
        s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        return true;
      }
      md5.update(piece);
      await take(reader.push(piece), false);
    }
    await take(reader.end(), true);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    s3Error(res, 400, 'MalformedCSV', `The file is not a valid CSV file: ${error.message}`);
    return true;
  }
  if (!(await app.store.importJobs.finishUpload(jobId, hash, rows))) {
    s3Error(res, 403, 'AccessDenied', 'Access Denied');
    return true;
  }
  app.log.info({ pool: poolId, importJob: jobId, rows, bytes: size }, 'user import file uploaded');
  res.writeHead(200, { ETag: `"${md5.digest('hex')}"`, 'Content-Length': '0' });
  res.end();
  return true;
}
