// The Vapi simulator for the scripts and the real-n8n tests: started in a child process by
// simulator/process.js (the one way every user of it starts it), and tracked like every other
// process here, so stopAll() ends it too.
import simulatorProcess from '../../simulator/process.js';
import { trackProcess, UserError } from './processes.mjs';

/**
 * Start the simulator on a free port; resolves with { url, apiKey, child, control(), stop() }.
 * `frameDelayMs` spaces its SSE frames (a live answer you can watch arrive); it can also be changed
 * later with `control('POST', '/__sim/options', { frameDelayMs })`. Other options are those of
 * simulator/process.js (latencyMs, maxConcurrentChats, retryAfterSeconds, seed…).
 */
export async function startSimulator({ apiKey = 'sim-local-key', ...options } = {}) {
	let sim;
	try {
		sim = await simulatorProcess.startSimulatorProcess({ apiKey, ...options });
	} catch (error) {
		throw new UserError(error.message);
	}
	trackProcess(sim.child);
	return {
		url: sim.url,
		apiKey: sim.apiKey,
		child: sim.child,
		control: sim.control,
		stop: sim.close,
	};
}
