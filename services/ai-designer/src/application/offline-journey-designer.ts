import { designOffline, type Design } from '../domain/design/offline-designer';
import type { JourneyDesigner } from '../ports/journey-designer';

export class OfflineJourneyDesigner implements JourneyDesigner {
  design(brief: string, onText?: (text: string) => void): Promise<Design> {
    const design = designOffline(brief);
    // Nothing is generated piece by piece offline: the explanation is the one piece.
    onText?.(design.explanation);
    return Promise.resolve(design);
  }
}
