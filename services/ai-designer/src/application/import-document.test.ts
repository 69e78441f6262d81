import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { csvFile, docxFile, pdfFile, xlsxFile } from './__tests__/document-files';
import { ImportDocument } from './import-document';
import { OfflineJourneyDesigner } from './offline-journey-designer';

const importer = new ImportDocument(new OfflineJourneyDesigner(), 1_000_000);
const types = (graph: JourneyGraph): string[] => graph.nodes.map((node) => node.type);

const PLAN = [
  ['Step', 'Timing', 'Channel', 'Message', 'Segment', 'Condition'],
  ['1', 'Day 0', 'Email', 'Welcome', 'All', ''],
  ['2', 'Day 2', 'SMS', 'Reminder', '', ''],
  ['3', 'Day 5', 'Push', 'Upgrade offer', 'VIP', ''],
  ['4', 'Day 7', 'Email', 'Feedback survey', '', 'if they are on the pro plan'],
];

describe('journeys from documents', () => {
  it('maps the rows of a real xlsx file to steps with timing, channel, segment and condition', async () => {
    const design = await importer.run('plan.xlsx', await xlsxFile(PLAN));
    expect(validateGraph(design.graph).errors).toEqual([]);
    expect(types(design.graph)).toEqual(
      expect.arrayContaining(['send_email', 'wait', 'send_sms', 'condition', 'send_push']),
    );
    const waits = design.graph.nodes.filter((n) => n.type === 'wait').map((n) => n.config.duration);
    expect(waits).toEqual(['P2D', 'P3D', 'P2D']);
    const conditions = design.graph.nodes
      .filter((n) => n.type === 'condition')
      .map((n) => n.config.expression);
    expect(conditions).toEqual(["hasTag('vip')", "customer.plan == 'pro'"]);
    expect(design.mapping.map((m) => m.location)).toContain('row 4');
    expect(design.explanation).toContain('How the document was read');
  });

  it('reads the same plan from a csv file', async () => {
    const design = await importer.run('plan.csv', csvFile(PLAN));
    expect(design.graph.nodes.filter((n) => n.type.startsWith('send_'))).toHaveLength(4);
  });

  it('reads a docx strategy, leaving out paragraphs that are not about the journey', async () => {
    const design = await importer.run(
      'strategy.docx',
      await docxFile([
        'Q3 onboarding strategy',
        'Our aim this quarter is to make new customers feel at home.',
        'When a customer signs up, send a welcome email.',
        "If they don't open it within 2 days, send an SMS reminder.",
        'The goal is a purchase.',
      ]),
    );
    expect(design.graph.nodes.find((n) => n.type === 'event_entry')?.config.event).toBe('signed_up');
    expect(types(design.graph)).toEqual(expect.arrayContaining(['send_email', 'wait_for_event', 'send_sms']));
    expect(design.graph.goal).toEqual({ event: 'purchase_completed' });
    expect(design.ignored.join()).toContain('paragraph 2');
  });

  it('reads a pdf strategy', async () => {
    const design = await importer.run(
      'strategy.pdf',
      pdfFile([
        'When someone abandons their cart, wait 1 hour and send a reminder email.',
        'After 1 day, send a push notification.',
      ]),
    );
    expect(design.graph.nodes.find((n) => n.type === 'event_entry')?.config.event).toBe('cart_abandoned');
    expect(types(design.graph)).toEqual(expect.arrayContaining(['wait', 'send_email', 'send_push']));
  });

  it('names the row it cannot understand', async () => {
    const rows = [...PLAN, ['5', 'Day 9', 'Carrier pigeon', 'Hello', '', '']];
    await expect(importer.run('plan.xlsx', await xlsxFile(rows))).rejects.toMatchObject({
      code: 'document_not_understood',
      location: 'row 6',
      message: expect.stringContaining('Row 6: the channel "Carrier pigeon"'),
    });
    const badTiming = [...PLAN, ['5', 'sometime soon', 'Email', 'Hello', '', '']];
    await expect(importer.run('plan.csv', csvFile(badTiming))).rejects.toMatchObject({ location: 'row 6' });
  });

  it('names the paragraph it cannot understand', async () => {
    const file = await docxFile([
      'When a customer signs up, send a welcome email.',
      'Wait 2 days and send them something nice via carrier pigeon.',
    ]);
    await expect(importer.run('strategy.docx', file)).rejects.toMatchObject({
      code: 'document_not_understood',
      location: 'paragraph 2',
    });
  });

  it('refuses unsupported, corrupt and oversized documents', async () => {
    await expect(importer.run('notes.txt', Buffer.from('send an email'))).rejects.toMatchObject({
      code: 'unsupported_document',
    });
    await expect(importer.run('plan.xlsx', Buffer.from('not a zip at all'))).rejects.toMatchObject({
      code: 'corrupt_document',
    });
    await expect(
      importer.run('plan.docx', Buffer.from('PK\u0003\u0004garbage that is no zip')),
    ).rejects.toMatchObject({ code: 'corrupt_document' });
    await expect(importer.run('plan.pdf', Buffer.from('%PDF-1.4 truncated'))).rejects.toMatchObject({
      code: 'corrupt_document',
    });
    const small = new ImportDocument(new OfflineJourneyDesigner(), 100);
    await expect(small.run('plan.xlsx', await xlsxFile(PLAN))).rejects.toMatchObject({
      code: 'document_too_large',
    });
  });
});
