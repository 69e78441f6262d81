import type { Design } from '../domain/design/offline-designer';

/** Turns a brief into a journey: Gemini when configured, the offline designer otherwise. */
export interface JourneyDesigner {
  design(brief: string): Promise<Design>;
}
