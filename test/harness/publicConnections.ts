import { Socket } from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/**
 * Watches every outgoing TCP connection of this process (http, https and tls all go through
 * net.Socket#connect) for the rest of the test file: connections to anything but loopback are
 * recorded and never opened, so a test about a public host sends no traffic even if the code under
 * test regressed.
 */
export function watchPublicConnections(): { attempts: string[] } {
	const watched = { attempts: [] as string[] };
	const original = Socket.prototype.connect;
	let spy: jest.SpyInstance;
	beforeAll(() => {
		spy = jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
			// net.createConnection passes its normalized [options, callback]; others pass (options) or (port, host).
			const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: unknown; port?: unknown; path?: unknown } | number;
			const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
			const unixSocket = options.port === undefined && typeof options.path === 'string';
			const host = String(options.host ?? 'localhost');
			if (unixSocket || LOOPBACK.test(host)) {
				return (original as (...a: unknown[]) => Socket).apply(this, args);
			}
			watched.attempts.push(host);
			process.nextTick(() => this.destroy(Object.assign(new Error(`test blocked a connection to ${host}`), { code: 'ECONNREFUSED' })));
			return this;
		});
	});
	beforeEach(() => {
		watched.attempts.length = 0;
	});
	afterAll(() => spy.mockRestore());
	return watched;
}
