import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, whether this file runs from its source (jest) or compiled (bench/dist). */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'services', 'api-gateway', 'package.json'))) return dir;
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}
