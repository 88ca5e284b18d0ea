'use strict';

/**
 * "Another origin" for the redirect fault: a tiny server on 127.0.0.1 (its own port, so its own
 * origin) that records every request reaching it, headers included, so a test can assert that a
 * client neither followed a redirect nor sent the bearer key there. It answers every request 200
 * with a plausible completed ResponseObject: a client that followed the redirect would see a silent
 * success, which is what a test must catch.
 *
 *   const { startOtherOrigin } = require('./simulator/other-origin');
 *   const other = await startOtherOrigin();
 *   sim.addFault({ fault: { redirect: { location: `${other.url}/chat/responses` } } });
 *   … other.requests  // [] when nothing reached it: { method, path, headers, body }
 *   await other.close();
 */

const http = require('node:http');

const ANSWER_TEXT = 'This answer came from another origin.';

function answerBody() {
	return JSON.stringify({
		id: 'other-origin-response',
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		error: null,
		output: [
			{
				id: 'msg_other_origin',
				type: 'message',
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'output_text', text: ANSWER_TEXT, annotations: [] }],
			},
		],
	});
}

function startOtherOrigin({ port = 0 } = {}) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const parts = [];
		req.on('data', (part) => parts.push(part));
		req.on('end', () => {
			requests.push({
				method: req.method,
				path: req.url,
				headers: { ...req.headers },
				body: Buffer.concat(parts).toString('utf8'),
			});
			const body = answerBody();
			res.writeHead(200, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(body),
			});
			res.end(body);
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				requests,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

module.exports = { startOtherOrigin, OTHER_ORIGIN_ANSWER_TEXT: ANSWER_TEXT };
