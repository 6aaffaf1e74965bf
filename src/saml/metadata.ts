// What keypool reads of a SAML identity provider's metadata document (SAML 2.0 Metadata, OASIS
// saml-metadata-2.0-os): its entity ID, that it describes an identity provider (IDPSSODescriptor),
// the HTTP-Redirect endpoints of its single sign-on and single logout services, and the certificates
// it signs with (KeyDescriptor use="signing", or without a use). A small
// well-formedness check of XML (XML 1.0 §2-3) that resolves namespaces; no DTD is accepted, so no
// entity is ever expanded.

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface SamlMetadata {
  entityId: string;
  /** SingleSignOnService Location with the HTTP-Redirect binding. */
  ssoRedirect?: string;
  /** SingleLogoutService Location with the HTTP-Redirect binding. */
  sloRedirect?: string;
  /** The IdP's signing certificates, base64 DER as in ds:X509Certificate. */
  signingCertificates: string[];
}

export class SamlMetadataError extends Error {}

interface Element {
  ns: string | undefined;
  local: string;
  attributes: Map<string, string>;
  children: Element[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.\\-]*(?::[A-Za-z_][\\w.\\-]*)?';
const START_TAG = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(text: string): string {
  if (/&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/.test(text)) throw new SamlMetadataError('an ampersand starts no known reference');
  return text.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
    named ? NAMED[named]! : String.fromCodePoint(Number.parseInt(dec ?? hex!, dec ? 10 : 16)),
  );
}

/** Parses the document into elements, each with its namespace resolved. */
function parseXml(xml: string): Element {
  const stack: { element: Element; qname: string; scope: Map<string, string> }[] = [];
  let root: Element | undefined;
  let at = xml.startsWith('\uFEFF') ? 1 : 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (text.trim() !== '' && stack.length === 0) throw new SamlMetadataError('there is text outside the root element');
    if (stack.length > 0) stack.at(-1)!.element.text += unescape(text);
    else unescape(text);
    if (lt < 0) break;
    at = lt;
    if (xml.startsWith('<?', at) || xml.startsWith('<!--', at) || xml.startsWith('<![CDATA[', at)) {
      const [open, close] = xml.startsWith('<?', at) ? ['<?', '?>'] : xml.startsWith('<!--', at) ? ['<!--', '-->'] : ['<![CDATA[', ']]>'];
      if (open === '<![CDATA[' && stack.length === 0) throw new SamlMetadataError('character data outside the root element');
      const end = xml.indexOf(close, at + open.length);
      if (end < 0) throw new SamlMetadataError(`${open} is never closed`);
      if (open === '<![CDATA[') stack.at(-1)!.element.text += xml.slice(at + open.length, end);
      at = end + close.length;
      continue;
    }
    if (xml.startsWith('<!', at)) throw new SamlMetadataError('document type declarations are not accepted');
    END_TAG.lastIndex = at;
    const end = END_TAG.exec(xml);
    if (end) {
      const open = stack.pop();
      if (!open || open.qname !== end[1]) throw new SamlMetadataError(`</${end[1]}> closes no open element`);
      at = END_TAG.lastIndex;
      continue;
    }
    START_TAG.lastIndex = at;
    const start = START_TAG.exec(xml);
    if (!start) throw new SamlMetadataError('a tag is malformed');
    if (root && stack.length === 0) throw new SamlMetadataError('there is more than one root element');
    const [, qname, attributeText, selfClosing] = start as unknown as [string, string, string, string];
    const scope = new Map(stack.at(-1)?.scope);
    const raw = new Map<string, string>();
    for (const [, name, double, single] of attributeText.matchAll(ATTRIBUTE)) {
      if (raw.has(name!)) throw new SamlMetadataError(`attribute ${name} is given twice`);
      const value = unescape(double ?? single ?? '');
      raw.set(name!, value);
      if (name === 'xmlns') scope.set('', value);
      else if (name!.startsWith('xmlns:')) scope.set(name!.slice(6), value);
    }
    const [prefix, local] = qname.includes(':') ? (qname.split(':') as [string, string]) : ['', qname];
    if (prefix !== '' && !scope.has(prefix)) throw new SamlMetadataError(`namespace prefix ${prefix} is not declared`);
    const attributes = new Map([...raw].filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:')));
    const element: Element = { ns: scope.get(prefix) || undefined, local, attributes, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.element.children.push(element);
    else root = element;
    if (selfClosing !== '/') stack.push({ element, qname, scope });
    at = START_TAG.lastIndex;
  }
  if (stack.length > 0) throw new SamlMetadataError(`<${stack.at(-1)!.qname}> is never closed`);
  if (!root) throw new SamlMetadataError('there is no root element');
  return root;
}

const isMd = (element: Element, local: string): boolean => element.ns === METADATA_NS && element.local === local;

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const isDsig = (element: Element, local: string): boolean => element.ns === DSIG_NS && element.local === local;

/** The certificates of the IDPSSODescriptor's signing keys. */
function signingCertificates(idp: Element): string[] {
  return idp.children
    .filter((c) => isMd(c, 'KeyDescriptor') && (c.attributes.get('use') ?? 'signing') === 'signing')
    .flatMap((descriptor) => descriptor.children.filter((c) => isDsig(c, 'KeyInfo')))
    .flatMap((keyInfo) => keyInfo.children.filter((c) => isDsig(c, 'X509Data')))
    .flatMap((data) => data.children.filter((c) => isDsig(c, 'X509Certificate')))
    .map((certificate) => certificate.text.replace(/\s+/g, ''))
    .filter(Boolean);
}

/** The metadata of the identity provider a document describes, or SamlMetadataError saying why it describes none. */
export function parseSamlMetadata(xml: string): SamlMetadata {
  const root = parseXml(xml);
  const entities = isMd(root, 'EntitiesDescriptor') ? root.children.filter((c) => isMd(c, 'EntityDescriptor')) : [root];
  if (!entities.every((e) => isMd(e, 'EntityDescriptor')) || entities.length === 0) {
    throw new SamlMetadataError(`the root element is not an EntityDescriptor of namespace ${METADATA_NS}`);
  }
  const entity = entities.find((e) => e.children.some((c) => isMd(c, 'IDPSSODescriptor')));
  if (!entity) throw new SamlMetadataError('no EntityDescriptor has an IDPSSODescriptor');
  const entityId = entity.attributes.get('entityID');
  if (!entityId) throw new SamlMetadataError('the EntityDescriptor has no entityID');
  const idp = entity.children.find((c) => isMd(c, 'IDPSSODescriptor'))!;
  const redirect = (local: string) =>
    idp.children.find((c) => isMd(c, local) && c.attributes.get('Binding') === REDIRECT_BINDING)?.attributes.get('Location');
  if (!idp.children.some((c) => isMd(c, 'SingleSignOnService'))) throw new SamlMetadataError('the IDPSSODescriptor has no SingleSignOnService');
  const ssoRedirect = redirect('SingleSignOnService');
  const sloRedirect = redirect('SingleLogoutService');
  return { entityId, ...(ssoRedirect ? { ssoRedirect } : {}), ...(sloRedirect ? { sloRedirect } : {}), signingCertificates: signingCertificates(idp) };
}
