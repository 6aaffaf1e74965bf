// The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690): each function returns one
// complete element, tag, length and contents.

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const element = (tag: number, contents: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(contents.length), contents]);

export const sequence = (...items: Buffer[]): Buffer => element(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => element(0x31, Buffer.concat(items));
export const nullValue = (): Buffer => element(0x05, Buffer.alloc(0));
export const boolean = (value: boolean): Buffer => element(0x01, Buffer.from([value ? 0xff : 0x00]));
/** A constructed, context-specific, explicitly tagged element: [n] EXPLICIT. */
export const explicit = (n: number, inner: Buffer): Buffer => element(0xa0 | n, inner);
export const octetString = (bytes: Buffer): Buffer => element(0x04, bytes);
export const utf8String = (text: string): Buffer => element(0x0c, Buffer.from(text, 'utf8'));
export const printableString = (text: string): Buffer => element(0x13, Buffer.from(text, 'ascii'));

/** A bit string of whole bytes, or of the first `bits` bits of `bytes` (named bit lists, such as KeyUsage). */
export function bitString(bytes: Buffer, bits = bytes.length * 8): Buffer {
  const unused = bytes.length * 8 - bits;
  return element(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

/** A non-negative integer from its big-endian bytes, in the fewest octets two's complement allows. */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return element(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed));
}

/** An integer from 0 to 255. */
export const smallInteger = (n: number): Buffer => unsignedInteger(Buffer.from([n]));

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift(0x80 | (rest & 0x7f));
    bytes.push(...base128);
  }
  return element(0x06, Buffer.from(bytes));
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** X.509's Time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050, to the second, in UTC. */
export function time(at: Date): Buffer {
  const year = at.getUTCFullYear();
  const rest = [at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()].map(twoDigits).join('');
  return year < 2050
    ? element(0x17, Buffer.from(`${twoDigits(year % 100)}${rest}Z`, 'ascii'))
    : element(0x18, Buffer.from(`${year}${rest}Z`, 'ascii'));
}
