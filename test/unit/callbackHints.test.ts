import { callbackUrlHints, isLocalHost } from '../../nodes/ItsmeSession/callbacks/callbackHints';

describe('isLocalHost', () => {
	it.each(['localhost', 'LOCALHOST', 'n8n.localhost', '127.0.0.1', '127.1.2.3', '0.0.0.0', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.20', '169.254.1.1', '[::1]', '::1', '[fd00::2]', 'fe80::1', '::ffff:127.0.0.1', '[::ffff:7f00:1]', '[::ffff:c0a8:114]', 'localhost.', 'n8n.localhost.'])(
		'%s cannot be reached from a phone',
		(host) => expect(isLocalHost(host)).toBe(true),
	);

	it.each(['n8n.example.com', 'api.signicat.com', '172.32.0.1', '172.15.0.1', '8.8.8.8', '192.0.2.2', '2001:db8::1', 'fcbarcelona.com', 'fd.example.com', 'localhost.example.com', '[::ffff:808:808]', 'n8n.example.com.'])(
		'%s can',
		(host) => expect(isLocalHost(host)).toBe(false),
	);
});

describe('callbackUrlHints', () => {
	const session = (base: string) => ({ success: `${base}?outcome=success`, abort: `${base}?outcome=abort`, error: `${base}?outcome=error` });
	const SIGNICAT = 'https://api.signicat.com';

	it("warns once about local callbacks with Signicat's Base URL, naming the hosts and what to do", () => {
		const hints = callbackUrlHints([session('http://localhost:5678/webhook/abc/itsme'), session('http://192.168.1.20:5678/webhook/abc/itsme')], SIGNICAT);
		expect(hints).toEqual([{ type: 'warning', location: 'outputPane', message: expect.stringContaining('The callback URLs point at localhost, 192.168.1.20') }]);
		expect(hints[0].message).toContain("Set n8n's WEBHOOK_URL");
		expect(hints[0].message).toContain("itsme Trigger's Production URL");
	});

	it('warns about local callbacks written as IPv4-mapped IPv6 or with a final dot, as URLs give their hosts', () => {
		const hints = callbackUrlHints([session('http://[::ffff:127.0.0.1]:5678/webhook/abc/itsme'), session('http://localhost.:5678/webhook/abc/itsme')], SIGNICAT);
		expect(hints).toEqual([expect.objectContaining({ message: expect.stringContaining('The callback URLs point at [::ffff:7f00:1], localhost.,') })]);
	});

	it('warns about plain http callbacks on public hosts, once per origin', () => {
		const hints = callbackUrlHints([session('http://n8n.example.com/webhook/abc/itsme'), session('http://n8n.example.com/webhook/def/itsme')], SIGNICAT);
		expect(hints).toEqual([{ type: 'warning', location: 'outputPane', message: expect.stringContaining('plain http (http://n8n.example.com): Signicat requires https') }]);
	});

	it('warns about plain http however the scheme is written', () => {
		const hints = callbackUrlHints([{ success: 'HTTP://N8N.example.com/ok', abort: 'Http://n8n.example.com/abort', error: 'https://n8n.example.com/error' }], SIGNICAT);
		expect(hints).toEqual([expect.objectContaining({ message: expect.stringContaining('plain http (http://n8n.example.com): Signicat requires https') })]);
	});

	it('gives both warnings when both apply', () => {
		expect(callbackUrlHints([session('http://127.0.0.1/x'), session('http://n8n.example.com/x')], 'https://id.example.com')).toHaveLength(2);
	});

	it.each([
		['https callbacks on a public host', [session('https://n8n.example.com/webhook/abc/itsme')], SIGNICAT],
		['local callbacks with a local emulator', [session('http://localhost:5678/webhook/abc/itsme')], 'http://localhost:8990'],
		['private callbacks with an emulator on the network', [session('http://10.0.0.5:5678/x')], 'http://10.0.0.9:8990'],
		['no session', [], SIGNICAT],
	])('says nothing for %s', (_, sessions, baseUrl) => {
		expect(callbackUrlHints(sessions, baseUrl)).toEqual([]);
	});
});
