/** k6: the "starts" scenario of ../scenarios.ts (see common.ts for how to run it). */
import { iterate, optionsFor, setupFor, type SetupData } from './common.ts';

export const options = optionsFor('starts');

export function setup(): SetupData {
  return setupFor('starts');
}

export default function (data: SetupData): void {
  iterate('starts', data);
}
