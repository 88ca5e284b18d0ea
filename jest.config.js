/** Tests run against the built package in dist/ (npm test builds first). */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 30000,
	// Unpacked copies of the package (.tmp/, by npm run scan and the tarball test) and n8n's
	// folders (.n8n/) hold package.json files of the same name: jest must not see them.
	modulePathIgnorePatterns: ['<rootDir>/.tmp/', '<rootDir>/.n8n/'],
};
