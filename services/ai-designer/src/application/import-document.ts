/**
 * A strategy document to a journey: size and format checked first, then read, mapped to brief
 * sentences (each remembering its row or paragraph) and designed like a brief.
 */
import { DesignError } from '../domain/design/design-error';
import type { Design } from '../domain/design/offline-designer';
import type { MappedSource } from '../domain/documents/document-content';
import { documentToBrief } from '../domain/documents/document-to-brief';
import { documentFormat, readDocument } from '../infrastructure/document-readers';
import type { JourneyDesigner } from '../ports/journey-designer';

export interface DocumentDesign extends Design {
  format: string;
  /** Each row or paragraph used and the sentence it was read as. */
  mapping: MappedSource[];
  ignored: string[];
}

export class ImportDocument {
  constructor(
    private readonly designer: JourneyDesigner,
    private readonly maxBytes: number,
  ) {}

  async run(filename: string, data: Buffer, contentType?: string): Promise<DocumentDesign> {
    const format = documentFormat(filename, contentType);
    if (data.length > this.maxBytes) {
      throw new DesignError(
        'document_too_large',
        `"${filename}" has ${data.length} bytes; documents may have at most ${this.maxBytes} bytes`,
      );
    }
    if (data.length === 0) throw new DesignError('corrupt_document', `"${filename}" is empty`);
    const content = await readDocument(filename, data, contentType);
    const { brief, mapping, ignored } = documentToBrief(content);
    const design = await this.designer.design(brief);
    const mapped = mapping.map((m) => `${m.location}: ${m.text}`).join('\n');
    return {
      ...design,
      explanation: `${design.explanation}\n\nHow the document was read:\n${mapped}${ignored.length > 0 ? `\nLeft out (not about the journey): ${ignored.join('; ')}` : ''}`,
      format,
      mapping,
      ignored,
    };
  }
}
