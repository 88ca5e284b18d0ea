/** Tests run against the built package in dist/ (npm test builds first). */
module.exports = {
	testEnvironment: 'node',
	// The node's tests under test/, the Vapi simulator's own tests beside it in simulator/test/.
	testMatch: ['<rootDir>/test/**/*.test.js', '<rootDir>/simulator/**/*.test.js'],
	// n8n's environment (user folder, encryption key, silent logs) before any test loads n8n-core.
	setupFiles: ['<rootDir>/test/harness/n8n-env.js'],
	testTimeout: 30000,
	// Unpacked copies of the package (.tmp/, by npm run scan and the tarball test) and n8n's
	// folders (.n8n/) hold package.json files of the same name: jest must not see them.
	modulePathIgnorePatterns: ['<rootDir>/.tmp/', '<rootDir>/.n8n/'],
};
