'use strict';

/**
 * Two proxies for tests of the credential's Base URL (the engine suite and the end-to-end run),
 * both on 127.0.0.1:
 * - startPathProxy(targetUrl): a reverse proxy under /vapi in front of the simulator, as a company
 *   gateway would be; `seen` lists each request ({ method, url, authorization }).
 * - startRefusingProxy(): a forward proxy that records what each CONNECT asks for (`host:port`, in
 *   `connects`) and refuses it, so Vapi's real hosts are never contacted.
 * Each resolves with { server, url, close() } and its record.
 */

const http = require('node:http');

function listen(server) {
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({
				server,
				url: `http://127.0.0.1:${server.address().port}`,
				close: () => new Promise((done) => server.close(done)),
			}),
		);
	});
}

async function startPathProxy(targetUrl) {
	const seen = [];
	const server = http.createServer((req, res) => {
		seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
		if (!req.url.startsWith('/vapi/')) {
			res.writeHead(404).end();
			return;
		}
		const target = new URL(req.url.slice('/vapi'.length), targetUrl);
		const upstream = http.request(
			target,
			// A connection per request, as the client's own (it sends Connection: close).
			{ method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(upstream);
	});
	return { ...(await listen(server)), seen };
}

async function startRefusingProxy() {
	const connects = [];
	const server = http.createServer((req, res) => res.writeHead(405).end());
	server.on('connect', (req, socket) => {
		connects.push(req.url);
		socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
	});
	return { ...(await listen(server)), connects };
}

module.exports = { startPathProxy, startRefusingProxy };
