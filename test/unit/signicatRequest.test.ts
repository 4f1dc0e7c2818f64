import { retryDelayMs } from '../../nodes/shared/api/signicatRequest';

describe('retryDelayMs', () => {
	it("follows Signicat's Retry-After in seconds", () => {
		expect(retryDelayMs(0, '2')).toBe(2000);
		expect(retryDelayMs(3, '0')).toBe(0);
	});

	it('follows Retry-After as an HTTP date', () => {
		const now = Date.parse('2026-11-25T10:00:00Z');
		expect(retryDelayMs(0, 'Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(retryDelayMs(0, 'Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});

	it('backs off exponentially without Retry-After, and never waits more than 30 s', () => {
		expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined))).toEqual([200, 400, 800, 1600]);
		expect(retryDelayMs(20, undefined)).toBe(30_000);
		expect(retryDelayMs(0, '86400')).toBe(30_000);
	});
});
