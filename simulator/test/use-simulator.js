'use strict';

const { startSimulator } = require('..');
const { apiClient } = require('./http');

/**
 * One simulator for a jest test file: started before its first test, closed after its last, and
 * after every test checked (no internal error) and put back as it started — request log, records,
 * faults, seeded ids and options — so no test sees what another left behind.
 * Returns a handle: `sim` (the running simulator, from beforeAll on), `api(method, path, body?,
 * { headers?, apiKey? })`, a client of its API (http.js's apiClient), and `chat(body)`, a
 * non-streamed POST /chat/responses. `api` and `chat` may be taken before the simulator runs.
 */
function useSimulator(options = {}) {
	let startOptions;
	const handle = {
		sim: undefined,
		api: (...args) => apiClient(handle.sim)(...args),
		chat: (body) => handle.api('POST', '/chat/responses', { stream: false, ...body }),
	};
	beforeAll(async () => {
		handle.sim = await startSimulator(options);
		startOptions = handle.sim.options;
	});
	afterEach(() => {
		expect(handle.sim.internalErrors).toEqual([]);
		handle.sim.reset();
		handle.sim.setOptions(startOptions);
	});
	afterAll(async () => {
		await handle.sim?.close();
	});
	return handle;
}

module.exports = { useSimulator };
