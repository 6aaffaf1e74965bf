// How a pool domain's pages look for an app client: on managed login (ManagedLoginVersion 2) its
// branding style (the logo and background assets, the primary button and page background colors of
// its settings); on the classic hosted UI (version 1) its UI customization, else the pool's (CSS and
// logo); on both, links to the client's terms documents.
import type { App } from '../app.js';
import type { AssetType } from '../protocol/shapes.generated.js';
import type { ClientRecord, DomainRecord, PoolDocumentRecord } from '../store/records.js';
import { logoUrl, type BrandingBody, type TermsBody, type UiBody } from './documents.js';

export interface PageLook {
  /** CSS of the classic hosted UI, applied over the page's own. */
  css?: string;
  /** The logo, as a data: URL. */
  logo?: string;
  primaryColor?: string;
  background?: string;
  terms: { label: string; url: string }[];
}

const MIME: Record<AssetType['Extension'], string> = { ICO: 'image/x-icon', JPEG: 'image/jpeg', PNG: 'image/png', SVG: 'image/svg+xml', WEBP: 'image/webp' };

const TERMS_LABELS: Record<string, string> = { 'terms-of-use': 'Terms of use', 'privacy-policy': 'Privacy policy' };

/** A color of branding settings: Cognito writes them as hex RGBA without '#'. */
const color = (value: unknown): string | undefined => (typeof value === 'string' && /^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(value) ? `#${value}` : undefined);

function brandingLook(body: BrandingBody): Omit<PageLook, 'terms'> {
  if (body.UseCognitoProvidedValues) return {};
  const asset = (...categories: AssetType['Category'][]) =>
    categories.map((c) => body.Assets.find((a) => a.Category === c && a.ColorMode !== 'DARK' && a.Bytes)).find(Boolean);
  const logo = asset('FORM_LOGO', 'PAGE_HEADER_LOGO');
  const components = (body.Settings as { components?: Record<string, { lightMode?: Record<string, unknown> }> } | undefined)?.components;
  return {
    ...(logo ? { logo: `data:${MIME[logo.Extension]};base64,${logo.Bytes}` } : {}),
    primaryColor: color((components?.primaryButton?.lightMode?.defaults as Record<string, unknown> | undefined)?.backgroundColor),
    background: color(components?.pageBackground?.lightMode?.color),
  };
}

export async function pageLook(app: App, domain: DomainRecord, client: ClientRecord): Promise<PageLook> {
  const { documents } = app.store;
  const terms = (
    await Promise.all(['terms-of-use', 'privacy-policy'].map((name) => documents.findByClient(domain.poolId, 'terms', client.clientId, name)))
  ).flatMap((doc) => {
    const links = (doc as PoolDocumentRecord<TermsBody> | undefined)?.body.Links ?? {};
    const url = links['cognito:english'] ?? links['cognito:default'] ?? Object.values(links)[0];
    return doc && url ? [{ label: TERMS_LABELS[doc.name] ?? doc.name, url }] : [];
  });
  if ((domain.managedLoginVersion ?? 1) === 2) {
    const branding = (await documents.findByClient(domain.poolId, 'branding', client.clientId, '')) as PoolDocumentRecord<BrandingBody> | undefined;
    return { ...(branding ? brandingLook(branding.body) : {}), terms };
  }
  const ui = ((await documents.findByClient(domain.poolId, 'ui', client.clientId, '')) ?? (await documents.findByClient(domain.poolId, 'ui', '', ''))) as
    | PoolDocumentRecord<UiBody>
    | undefined;
  return { css: ui?.body.CSS, ...(ui?.body.ImageFile ? { logo: logoUrl(ui.body.ImageFile) } : {}), terms };
}
