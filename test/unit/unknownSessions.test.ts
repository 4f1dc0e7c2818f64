import {
	isRecentlyUnknown,
	rememberUnknown,
	UNKNOWN_SESSION_TTL_MS,
	unknownSessionsRemembered,
} from '../../nodes/shared/api/unknownSessions';

describe('unknown session ids', () => {
	const t0 = 1_000_000;

	it(`are remembered for ${UNKNOWN_SESSION_TTL_MS / 1000} s, then asked about again`, () => {
		expect(isRecentlyUnknown('client:a', t0)).toBe(false);
		rememberUnknown('client:a', t0);
		expect(isRecentlyUnknown('client:a', t0 + 1)).toBe(true);
		expect(isRecentlyUnknown('client:a', t0 + UNKNOWN_SESSION_TTL_MS - 1)).toBe(true);
		expect(isRecentlyUnknown('client:a', t0 + UNKNOWN_SESSION_TTL_MS)).toBe(false);
		// Another API client (or account) is another key: its ids are its own.
		rememberUnknown('client:b', t0);
		expect(isRecentlyUnknown('other:b', t0 + 1)).toBe(false);
	});

	it('keep memory bounded: beyond the limit the oldest are forgotten first', () => {
		for (let i = 0; i < 50; i++) rememberUnknown(`bound:${i}`, t0, 20);
		expect(unknownSessionsRemembered()).toBe(20);
		expect(isRecentlyUnknown('bound:29', t0 + 1)).toBe(false);
		expect(isRecentlyUnknown('bound:30', t0 + 1)).toBe(true);
		expect(isRecentlyUnknown('bound:49', t0 + 1)).toBe(true);
	});
});
