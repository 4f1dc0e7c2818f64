import { normalizeBaseUrl } from '../../nodes/shared/auth/baseUrl';

describe('normalizeBaseUrl', () => {
	it.each([
		['https://api.signicat.com', 'https://api.signicat.com'],
		['https://api.signicat.com/', 'https://api.signicat.com'],
		['  https://api.signicat.com//  ', 'https://api.signicat.com'],
		['api.signicat.com', 'https://api.signicat.com'],
		['https://api.signicat.com/auth/rest', 'https://api.signicat.com'],
		['https://api.signicat.com/auth/rest/sessions', 'https://api.signicat.com'],
		['https://api.signicat.com/auth/open/connect/token', 'https://api.signicat.com'],
		['http://localhost:8990', 'http://localhost:8990'],
		['https://proxy.example.com/signicat/', 'https://proxy.example.com/signicat'],
	])('turns %s into %s', (typed, expected) => {
		expect(normalizeBaseUrl(typed)).toBe(expected);
	});

	it.each([
		['', 'empty'],
		[undefined, 'empty'],
		['ftp://api.signicat.com', 'must start with https://'],
		['https://api.signicat.com?x=1', 'must not contain a query'],
		['https://user:pw@api.signicat.com', 'must not contain a query, a fragment or a user name'],
		['https://exa mple.com', 'not a valid URL'],
	])('rejects %s with a message naming the Base URL', (typed, message) => {
		expect(() => normalizeBaseUrl(typed)).toThrow(/Base URL/);
		expect(() => normalizeBaseUrl(typed)).toThrow(message);
	});

	// The token request carries the client secret (Basic auth): http:// only where it cannot leave the private network.
	it.each([
		'http://localhost:8990',
		'http://127.0.0.1:8990',
		'http://127.8.9.10',
		'http://2130706433', // 127.0.0.1, written as one number
		'http://[::1]:8990',
		'http://10.1.2.3',
		'http://172.16.0.1',
		'http://172.31.255.254',
		'http://192.168.1.20:8080',
		'http://[fd12:3456::1]',
		'http://[::ffff:10.0.0.1]',
		'http://signicat-emulator:8990',
		'http://emulator.localhost',
		'http://nas.local',
		'http://host.docker.internal:8990',
		'http://signicat.home.arpa',
	])('accepts http:// for the private host of %s', (typed) => {
		expect(normalizeBaseUrl(typed)).toMatch(/^http:\/\//);
	});

	it.each([
		'http://203.0.113.10',
		'http://api.signicat.com',
		'http://8.8.8.8',
		'http://172.32.0.1',
		'http://192.169.1.1',
		'http://11.0.0.1',
		'http://[2001:db8::1]',
		'http://[fc::1]',
		'http://[::ffff:8.8.8.8]',
		'http://10.0.0.1.example.com',
		'http://localhost.example.com',
	])('refuses http:// to the public host of %s, naming https', (typed) => {
		expect(() => normalizeBaseUrl(typed)).toThrow(`Base URL "${typed}" must start with https://: http:// would send the client secret unencrypted to a public host`);
	});

	it('keeps https:// for any host', () => {
		expect(normalizeBaseUrl('https://203.0.113.10')).toBe('https://203.0.113.10');
	});
});
