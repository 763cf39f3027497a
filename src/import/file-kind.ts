/**
 * What a list file is, told from its first bytes rather than its name: senders rename files,
 * and a list saved in another spreadsheet format must be refused naming that format, not read
 * as garbage. An XLSX workbook (and an OpenDocument spreadsheet) is a ZIP archive; an Excel
 * 97-2003 workbook and a password-protected XLSX are OLE compound files (the encrypted package
 * sits in a stream named "EncryptedPackage"); a flat OpenDocument spreadsheet is XML; anything
 * else is taken as text.
 */

export type FileKind =
  | { readonly kind: 'zip' }
  | { readonly kind: 'text' }
  /** A spreadsheet or document in a format lists are not read in: what it is, for the refusal. */
  | { readonly kind: 'other'; readonly what: string };

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const emptyZipMagic = [0x50, 0x4b, 0x05, 0x06];
const cfbMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** Whether `bytes` hold `name` as UTF-16LE (how OLE compound files name their streams). */
function holdsUtf16(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
}

export const saveAsAdvice = 'open it in the spreadsheet program and save it as an Excel workbook (.xlsx) or as CSV UTF-8';

/** What the file is, from its content. */
export function fileKind(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, zipMagic) || startsWith(bytes, emptyZipMagic)) return { kind: 'zip' };
  if (startsWith(bytes, cfbMagic)) {
    if (holdsUtf16(bytes, 'EncryptedPackage') || holdsUtf16(bytes, 'EncryptionInfo')) return { kind: 'other', what: 'a password-protected (encrypted) workbook' };
    if (holdsUtf16(bytes, 'Workbook') || holdsUtf16(bytes, 'Book')) return { kind: 'other', what: 'an Excel 97-2003 workbook (.xls)' };
    return { kind: 'other', what: 'an OLE compound document (an old Office file such as .xls or .doc)' };
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  if (/^(\xef\xbb\xbf)?\s*<\?xml/.test(head) && /office:document/.test(head)) return { kind: 'other', what: 'a flat OpenDocument spreadsheet (.fods)' };
  if (head.startsWith('%PDF-')) return { kind: 'other', what: 'a PDF document' };
  return { kind: 'text' };
}
