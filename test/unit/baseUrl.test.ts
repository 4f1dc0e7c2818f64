import { normalizeBaseUrl } from '../../nodes/shared/baseUrl';

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
});
