/**
 * Reading uploaded documents with their libraries: exceljs (xlsx, csv), mammoth (docx) and
 * pdf-parse (pdf). The format is told by the file's leading bytes and its name; a file whose
 * bytes do not match its format, or that the library cannot open, is corrupt.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { DesignError } from '../domain/design/design-error';
import type { DocumentContent, TableRow } from '../domain/documents/document-content';
import { pdfText } from './pdf-text';

export type DocumentFormat = 'xlsx' | 'csv' | 'docx' | 'pdf';

const EXTENSIONS: Record<string, DocumentFormat> = { xlsx: 'xlsx', csv: 'csv', docx: 'docx', pdf: 'pdf' };
const MIME_TYPES: Record<string, DocumentFormat> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/pdf': 'pdf',
};

export function documentFormat(filename: string, contentType?: string): DocumentFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const format =
    (extension !== undefined ? EXTENSIONS[extension] : undefined) ??
    (contentType !== undefined ? MIME_TYPES[contentType.split(';')[0].trim()] : undefined);
  if (format === undefined) {
    throw new DesignError(
      'unsupported_document',
      `"${filename}" is not a supported document; upload an .xlsx, .csv, .docx or .pdf file`,
    );
  }
  return format;
}

const isZip = (data: Buffer): boolean => data.length > 4 && data.readUInt32LE(0) === 0x04034b50;
const isPdf = (data: Buffer): boolean => data.subarray(0, 5).toString('latin1') === '%PDF-';

export async function readDocument(
  filename: string,
  data: Buffer,
  contentType?: string,
): Promise<DocumentContent> {
  const format = documentFormat(filename, contentType);
  const corrupt = (detail: string): DesignError =>
    new DesignError('corrupt_document', `"${filename}" cannot be read as ${format.toUpperCase()}: ${detail}`);
  if ((format === 'xlsx' || format === 'docx') && !isZip(data))
    throw corrupt('the file is not an Office Open XML package');
  if (format === 'pdf' && !isPdf(data)) throw corrupt('the file does not start with a PDF header');
  if (format === 'csv' && data.includes(0)) throw corrupt('the file holds binary data, not text');
  try {
    switch (format) {
      case 'xlsx':
      case 'csv':
        return await readTable(format, data);
      case 'docx': {
        const { value } = await mammoth.extractRawText({ buffer: data });
        return {
          kind: 'text',
          format,
          paragraphs: value
            .split(/\n\s*\n|\n/)
            .map((p) => p.trim())
            .filter((p) => p !== ''),
        };
      }
      case 'pdf': {
        return { kind: 'text', format, paragraphs: pdfParagraphs(await pdfText(data)) };
      }
    }
  } catch (error) {
    if (error instanceof DesignError) throw error;
    throw corrupt((error as Error).message);
  }
}

async function readTable(format: 'xlsx' | 'csv', data: Buffer): Promise<DocumentContent> {
  const workbook = new ExcelJS.Workbook();
  const sheet =
    format === 'xlsx'
      ? (await workbook.xlsx.load(data as unknown as ArrayBuffer), workbook.worksheets[0])
      : await workbook.csv.read(Readable.from([data]));
  if (sheet === undefined) throw new DesignError('document_not_understood', 'The workbook has no sheet');
  const text = (value: ExcelJS.CellValue): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && 'richText' in value)
      return value.richText.map((part) => part.text).join('');
    if (typeof value === 'object' && 'text' in value) return String(value.text);
    if (typeof value === 'object' && 'result' in value) {
      const result = value.result;
      return result instanceof Date
        ? result.toISOString()
        : typeof result === 'object'
          ? ''
          : String(result ?? '');
    }
    if (value instanceof Date) return value.toISOString();
    return typeof value === 'object' ? '' : String(value);
  };
  let headers: string[] = [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.from({ length: row.cellCount }, (_, i) => text(row.getCell(i + 1).value).trim());
    if (headers.length === 0) {
      headers = values;
      return;
    }
    rows.push({
      row: rowNumber,
      cells: Object.fromEntries(headers.map((header, i) => [header, values[i] ?? ''])),
    });
  });
  return { kind: 'table', format, headers, rows };
}

/** pdf text: page markers dropped, blank lines separate paragraphs, wrapped lines joined. */
function pdfParagraphs(text: string): string[] {
  return text
    .replace(/\n?-- \d+ of \d+ --\n?/g, '\n\n')
    .split(/\n\s*\n/)
    .flatMap((block) => {
      const lines = block
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      // A block whose lines each end a sentence is a list of steps, one per line.
      return lines.every((line) => /[.!?:]$/.test(line)) ? lines : [lines.join(' ')];
    })
    .filter((paragraph) => paragraph !== '');
}
