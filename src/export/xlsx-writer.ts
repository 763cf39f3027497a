/**
 * A workbook of one sheet of text cells, written as Office Open XML (ECMA-376) with fflate —
 * the library the XLSX reader (src/import/xlsx.ts) opens archives with. Text is kept as inline
 * strings, so the sheet needs no shared-strings part; the first row is the header, bold.
 */
import { strToU8, zipSync } from 'fflate';

const needsEscape = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const esc = (s: string) =>
  !needsEscape.test(s)
    ? s
    : s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** The column letters of a zero-based index: 0 → A, 26 → AA. */
function letters(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** An XLSX file holding `rows` (the header first) on one sheet named `sheetName`, right-to-left when asked. */
export function writeXlsx(rows: readonly (readonly string[])[], options: { sheetName: string; rightToLeft?: boolean }): Uint8Array {
  const body = rows
    .map((cells, r) => {
      const style = r === 0 ? ' s="1"' : '';
      const xmlCells = cells.map((cell, c) => (cell === '' ? '' : `<c r="${letters(c)}${r + 1}" t="inlineStr"${style}><is><t xml:space="preserve">${esc(cell)}</t></is></c>`)).join('');
      return `<row r="${r + 1}">${xmlCells}</row>`;
    })
    .join('');
  const sheetName = esc(options.sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
  const view = `<sheetViews><sheetView workbookViewId="0"${options.rightToLeft ? ' rightToLeft="1"' : ''}/></sheetViews>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ),
      '_rels/.rels': strToU8(
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': strToU8(`${xml}<workbook ${ns} ${rel}><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
      'xl/styles.xml': strToU8(
        `${xml}<styleSheet ${ns}><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(`${xml}<worksheet ${ns}>${view}<sheetData>${body}</sheetData></worksheet>`),
    },
    { level: 6 },
  );
}
