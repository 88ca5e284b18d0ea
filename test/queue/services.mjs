// PostgreSQL and Redis for n8n's queue mode, from Debian's packages: installed with apt-get when
// missing (as root), then started as our own throwaway servers — data under .n8n/queue/, on free
// ports of 127.0.0.1, no unix sockets — and stopped with everything else (stopAll). The system's
// own services, if any, are left alone.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as rt from '../../scripts/n8n-runtime.mjs';

export const QUEUE_DIR = path.join(rt.STATE_DIR, 'queue');
const DATABASE = 'n8n';
const DB_USER = 'n8n';

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((name) => fs.existsSync(path.join(root, name, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function redisServerBin() {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((file) =>
		fs.existsSync(file),
	);
}

/** apt-get install the Debian packages (apt-get update first, once); needs root. */
async function aptInstall(packages) {
	if (process.getuid?.() !== 0)
		throw new rt.UserError(
			`Queue mode needs ${packages.join(' and ')}: install them (sudo apt-get install ${packages.join(' ')}) or run as root.`,
		);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
		rt.log(`apt-get ${args.join(' ')}`);
		const result = await rt.run('apt-get', args, { env, quiet: true });
		if (result.code !== 0)
			throw new rt.UserError(`apt-get ${args[0]} failed:\n${result.output.slice(-3000)}`);
	}
}

/**
 * Make sure PostgreSQL and redis-server are installed; resolves with their binaries and how long
 * the install took (0 when both were there).
 */
export async function ensureServices() {
	const started = Date.now();
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisServerBin()) missing.push('redis-server');
	if (missing.length) await aptInstall(missing);
	// A Debian package may start its own service on install; ours run beside it on other ports.
	return {
		postgresBin: postgresBinDir(),
		redisServer: redisServerBin(),
		installSeconds: missing.length ? Math.round((Date.now() - started) / 1000) : 0,
	};
}

/**
 * A server a previous run left behind (killed before it could stop it): its pid file names it.
 * Stopped only when that pid is still a process started from this data folder.
 */
async function stopLeftover(pidFile, dataDir) {
	const pid = Number(fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (!pid) return;
	let cmdline = '';
	try {
		cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return; // not running any more
	}
	if (!cmdline.includes(dataDir)) return;
	rt.log(`Stopping a server left over from an earlier run (pid ${pid}).`);
	process.kill(pid, 'SIGINT');
	for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++)
		await new Promise((r) => setTimeout(r, 100));
}

/** The uid/gid PostgreSQL runs as: itself, unless we are root (postgres refuses to run as root). */
function postgresUser() {
	if (process.getuid?.() !== 0) return {};
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	if (!line)
		throw new rt.UserError(
			'Running as root, but there is no "postgres" user to run PostgreSQL as.',
		);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Running as root, PostgreSQL runs as the postgres user, who must be able to reach the data
 * folder: a checkout in a private folder (`mktemp -d` makes it 0700) would stop initdb with
 * "Permission denied". Adds only the search bit (o+x) to each folder above it that lacks it.
 */
function letOthersTraverse(dir) {
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		const { mode } = fs.statSync(at);
		if ((mode & 0o001) === 0) {
			fs.chmodSync(at, (mode & 0o7777) | 0o001);
			console.log(`[n8n-nodes-vapi] ${at}: o+x, so that the postgres user can reach its data folder`);
		}
		if (path.dirname(at) === at) return;
	}
}

/**
 * A fresh PostgreSQL cluster in .n8n/queue/postgres/ with a database `n8n` (user `n8n`, trust
 * authentication on 127.0.0.1 only). Resolves with `{ port, env, dump(), stop(), output() }`:
 * `env` are n8n's DB_* variables, `dump()` the database as SQL text (pg_dump).
 */
export async function startPostgres(binDir) {
	const dataDir = path.join(QUEUE_DIR, 'postgres');
	await stopLeftover(path.join(dataDir, 'postmaster.pid'), dataDir);
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(dataDir, { recursive: true });
	const user = postgresUser();
	if (user.uid !== undefined) {
		fs.chownSync(dataDir, user.uid, user.gid);
		letOthersTraverse(path.dirname(dataDir));
	}
	const asUser = { spawnOptions: user, env: { ...process.env, HOME: os.tmpdir(), LC_ALL: 'C' } };

	const init = rt.startProcess(
		path.join(binDir, 'initdb'),
		['-D', dataDir, '-U', DB_USER, '--auth=trust', '--encoding=UTF8', '--no-sync'],
		asUser,
	);
	const initCode = await new Promise((resolve) => init.child.on('close', resolve));
	if (initCode !== 0) throw new rt.UserError(`initdb failed:\n${init.output().slice(-3000)}`);

	const port = await rt.freePort();
	const server = rt.startProcess(
		path.join(binDir, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			// a throwaway database: durability is not needed, speed is
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		{ ...asUser, stopSignal: 'SIGINT' },
	);
	const client = (tool, args) =>
		rt.run(
			path.join(binDir, tool),
			['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, ...args],
			{
				quiet: true,
				env: { ...process.env, PGCONNECT_TIMEOUT: '3' },
			},
		);
	const deadline = Date.now() + 30_000;
	while ((await client('pg_isready', ['-d', 'postgres'])).code !== 0) {
		if (!server.isAlive() || Date.now() > deadline)
			throw new rt.UserError(`PostgreSQL did not start:\n${server.output().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	const created = await client('psql', ['-d', 'postgres', '-c', `CREATE DATABASE ${DATABASE}`]);
	if (created.code !== 0) throw new rt.UserError(`CREATE DATABASE failed:\n${created.output}`);

	return {
		port,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** The whole database, data only, as SQL text. */
		dump: async () => {
			const result = await client('pg_dump', ['--data-only', DATABASE]);
			if (result.code !== 0) throw new Error(`pg_dump failed:\n${result.stderr}`);
			return result.stdout;
		},
		/** Rows of a query, one line each, columns separated by a tab. */
		query: async (sql) => {
			const result = await client('psql', ['-d', DATABASE, '-At', '-F', '\t', '-c', sql]);
			if (result.code !== 0) throw new Error(`psql failed:\n${result.stderr}`);
			return result.stdout.split('\n').filter(Boolean);
		},
		output: server.output,
		stop: () => server.stop(20_000),
	};
}

/** Send one command to Redis over TCP and resolve with its first answer line. */
function redisCommand(port, command) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) {
				socket.end();
				resolve(answer.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

/**
 * A fresh redis-server with its folder in .n8n/queue/redis/ (no persistence; `snapshot()` writes
 * one, uncompressed, and resolves with its bytes). Resolves with `{ port, env, snapshot(), stop() }`;
 * `env` are n8n's QUEUE_BULL_REDIS_* variables.
 */
export async function startRedis(redisServer) {
	const dir = path.join(QUEUE_DIR, 'redis');
	const pidFile = path.join(dir, 'redis.pid');
	await stopLeftover(pidFile, dir);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const port = await rt.freePort();
	const server = rt.startProcess(redisServer, [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--pidfile',
		pidFile,
		'--save',
		'',
		'--appendonly',
		'no',
		'--rdbcompression',
		'no',
	]);
	const deadline = Date.now() + 15_000;
	for (;;) {
		const pong = await redisCommand(port, 'PING').catch(() => undefined);
		if (pong === '+PONG') break;
		if (!server.isAlive() || Date.now() > deadline)
			throw new rt.UserError(`redis-server did not start:\n${server.output().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		snapshot: async () => {
			const answer = await redisCommand(port, 'SAVE');
			if (answer !== '+OK') throw new Error(`redis SAVE answered ${answer}`);
			return fs.readFileSync(path.join(dir, 'dump.rdb'));
		},
		output: server.output,
		stop: () => server.stop(),
	};
}
