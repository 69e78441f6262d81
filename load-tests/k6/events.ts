/** k6: the "events" scenario of ../scenarios.ts (see common.ts for how to run it). */
import { iterate, optionsFor, setupFor, type SetupData } from './common.ts';

export const options = optionsFor('events');

export function setup(): SetupData {
  return setupFor('events');
}

export default function (data: SetupData): void {
  iterate('events', data);
}
