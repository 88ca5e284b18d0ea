import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

// .n8n/ holds the local n8n install and its data (rewritten while e2e runs); nothing to lint there.
export default [globalIgnores(['.n8n/', '.tmp/', 'bench/profiles/', 'test/screenshots/']), ...config];
