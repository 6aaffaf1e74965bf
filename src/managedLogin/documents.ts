// What styles and accompanies the managed login pages of a pool, kept as pool documents: branding
// styles (managed login, ManagedLoginVersion 2), classic UI customization (CSS and a logo, version
// 1), and terms documents (links to terms of use and a privacy policy).
import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { AssetType, ManagedLoginBrandingType, TermsType, UICustomizationType } from '../protocol/shapes.generated.js';
import type { PoolDocumentRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

export interface BrandingBody {
  UseCognitoProvidedValues: boolean;
  Settings?: unknown;
  Assets: AssetType[];
}

export interface UiBody {
  CSS?: string;
  /** The logo, base64, and its image type as its first bytes say. */
  ImageFile?: string;
}

export interface TermsBody {
  TermsName: string;
  TermsSource: TermsType['TermsSource'];
  Enforcement: TermsType['Enforcement'];
  Links: Record<string, string>;
}

/** A new document of the pool (clientId '' for the pool's own), unique per client and name. */
export async function createDocument<Body>(
  app: App,
  doc: Omit<PoolDocumentRecord<Body>, 'id' | 'createdAt' | 'updatedAt'>,
  taken: () => Error,
): Promise<PoolDocumentRecord<Body>> {
  const now = app.clock.now();
  const record = { ...doc, id: randomUUID(), createdAt: now, updatedAt: now };
  try {
    await app.store.documents.create(record);
  } catch (error) {
    if (error instanceof StoreConflict) throw taken();
    throw error;
  }
  return record;
}

export async function replaceDocument<Body>(app: App, doc: PoolDocumentRecord<Body>, taken: () => Error, gone: () => Error): Promise<PoolDocumentRecord<Body>> {
  const record = { ...doc, updatedAt: app.clock.now() };
  let found: boolean;
  try {
    found = await app.store.documents.update(record);
  } catch (error) {
    if (error instanceof StoreConflict) throw taken();
    throw error;
  }
  if (!found) throw gone();
  return record;
}

export const describeBranding = (doc: PoolDocumentRecord<BrandingBody>): ManagedLoginBrandingType => ({
  ManagedLoginBrandingId: doc.id,
  UserPoolId: doc.poolId,
  UseCognitoProvidedValues: doc.body.UseCognitoProvidedValues,
  ...(doc.body.Settings === undefined ? {} : { Settings: doc.body.Settings }),
  Assets: doc.body.Assets,
  CreationDate: new Date(doc.createdAt),
  LastModifiedDate: new Date(doc.updatedAt),
});

/** The checked body of a branding style: Cognito's defaults, or the settings and assets given. */
export function brandingBody(input: { UseCognitoProvidedValues?: boolean; Settings?: unknown; Assets?: AssetType[] }): BrandingBody {
  const defaults = input.UseCognitoProvidedValues === true;
  if (defaults && (input.Settings !== undefined || (input.Assets?.length ?? 0) > 0)) throw errors.brandingDefaultsWithSettings();
  return { UseCognitoProvidedValues: defaults || (input.Settings === undefined && !input.Assets?.length), Settings: input.Settings, Assets: input.Assets ?? [] };
}

export const describeTerms = (doc: PoolDocumentRecord<TermsBody>): TermsType => ({
  TermsId: doc.id,
  UserPoolId: doc.poolId,
  ClientId: doc.clientId,
  ...doc.body,
  CreationDate: new Date(doc.createdAt),
  LastModifiedDate: new Date(doc.updatedAt),
});

/** The image type of a logo by its first bytes (PNG, JPEG, GIF, WebP, SVG), for its data URL. */
function imageType(base64: string): string {
  const head = Buffer.from(base64.slice(0, 24), 'base64');
  if (head[0] === 0x89 && head[1] === 0x50) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.subarray(0, 3).toString() === 'GIF') return 'image/gif';
  if (head.subarray(8, 12).toString() === 'WEBP') return 'image/webp';
  return 'image/svg+xml';
}

/** A logo as a data: URL, which a page (or an app) shows as it is. */
export const logoUrl = (base64: string): string => `data:${imageType(base64)};base64,${base64}`;

export function describeUi(poolId: string, clientId: string | undefined, doc: PoolDocumentRecord<UiBody> | undefined): UICustomizationType {
  return {
    UserPoolId: poolId,
    ClientId: clientId ?? 'ALL',
    ...(doc?.body.ImageFile ? { ImageUrl: logoUrl(doc.body.ImageFile) } : {}),
    ...(doc?.body.CSS === undefined ? {} : { CSS: doc.body.CSS }),
    ...(doc ? { CSSVersion: String(doc.updatedAt), CreationDate: new Date(doc.createdAt), LastModifiedDate: new Date(doc.updatedAt) } : {}),
  };
}
