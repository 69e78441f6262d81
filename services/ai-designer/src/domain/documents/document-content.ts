/** What a document reader extracts, before any journey language is read from it. */

/** A spreadsheet row: `row` is the 1-based row number in the sheet, cells by header name. */
export interface TableRow {
  row: number;
  cells: Record<string, string>;
}

export type DocumentContent =
  | { kind: 'table'; format: 'xlsx' | 'csv'; headers: string[]; rows: TableRow[] }
  | { kind: 'text'; format: 'docx' | 'pdf'; paragraphs: string[] };

/** Where a step came from and the sentence it was read as: shown to the user as the mapping. */
export interface MappedSource {
  /** "row 3" or "paragraph 2". */
  location: string;
  text: string;
}
