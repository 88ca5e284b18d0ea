// Where the repository and the runtime's state are. Everything n8n and the runtime write goes under
// .n8n/ (git-ignored, outside the package tarball), never the user's home.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STATE_DIR = path.join(REPO, '.n8n');
export const EXAMPLES_DIR = path.join(REPO, 'examples');
export const SCREENSHOTS_DIR = path.join(REPO, 'test', 'screenshots');
