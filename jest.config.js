/** Tests run against the built package in dist/ (npm test builds first). */
module.exports = {
	testEnvironment: 'node',
	// The node's tests under test/, the Vapi simulator's own tests beside it in simulator/test/.
	testMatch: ['<rootDir>/test/**/*.test.js', '<rootDir>/simulator/**/*.test.js'],
	// n8n's environment (user folder, encryption key, silent logs) before any test loads n8n-core.
	setupFiles: ['<rootDir>/test/harness/n8n-env.js'],
	testTimeout: 30000,
	// n8n-node build copies package.json into dist/; jest would see two packages of the same name.
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json', '<rootDir>/.n8n/'],
};
