import type { Design } from '../domain/design/offline-designer';

/** Turns a brief into a journey: Gemini when configured, the offline designer otherwise. */
export interface JourneyDesigner {
  /** With `onText`, the text of the answer is passed on piece by piece as it is produced. */
  design(brief: string, onText?: (text: string) => void): Promise<Design>;
}
