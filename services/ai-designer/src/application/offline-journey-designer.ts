import { designOffline, type Design } from '../domain/design/offline-designer';
import type { JourneyDesigner } from '../ports/journey-designer';

export class OfflineJourneyDesigner implements JourneyDesigner {
  design(brief: string): Promise<Design> {
    return Promise.resolve(designOffline(brief));
  }
}
