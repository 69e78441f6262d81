/** k6: the "mixed" scenario of ../scenarios.ts (see common.ts for how to run it). */
import { iterate, optionsFor, setupFor, type SetupData } from './common.ts';

export const options = optionsFor('mixed');

export function setup(): SetupData {
  return setupFor('mixed');
}

export default function (data: SetupData): void {
  iterate('mixed', data);
}
