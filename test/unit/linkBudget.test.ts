import { bindLink, linkOf, MAX_MISSES, mayRead, missLink, UNVERIFIED_READS_PER_MINUTE } from '../../nodes/ItsmeTrigger/linkBudget';
import { linkKeyOf, makeLinkToken } from '../../nodes/shared/callbacks/linkToken';

const key = linkKeyOf('the-client-secret');
const TRIGGER = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';
const now = Date.parse('2026-12-03T10:00:00Z');

describe('what a callback link may cost in Signicat reads', () => {
	it('a token this n8n made for this trigger is verified; anything else is unverified', () => {
		expect(linkOf(key, makeLinkToken(key, TRIGGER), TRIGGER).kind).toBe('token');
		expect(linkOf(key, makeLinkToken(linkKeyOf('other'), TRIGGER), TRIGGER).kind).toBe('unverified');
		expect(linkOf(key, undefined, TRIGGER).kind).toBe('unverified');
	});

	it(`a token that led to no session ${MAX_MISSES} times in a minute reads nothing more until that minute is over`, () => {
		const link = linkOf(key, makeLinkToken(key, TRIGGER), TRIGGER);
		for (let i = 0; i < MAX_MISSES; i++) {
			expect(mayRead(link, `made-up-${i}`, 'wf:trigger', now + i)).toBe(true);
			missLink(link, now + i);
		}
		expect(mayRead(link, 'made-up-x', 'wf:trigger', now + 59_000)).toBe(false);
		expect(mayRead(link, 'made-up-y', 'wf:trigger', now + 60_000 + MAX_MISSES)).toBe(true);
	});

	it('a token that led to its session serves that session only', () => {
		const link = linkOf(key, makeLinkToken(key, TRIGGER), TRIGGER);
		bindLink(link, 'own');
		expect(mayRead(link, 'own', 'wf:trigger', now)).toBe(true);
		expect(mayRead(link, 'another', 'wf:trigger', now)).toBe(false);
	});

	it(`links without a verified token share ${UNVERIFIED_READS_PER_MINUTE} reads a minute per trigger`, () => {
		const unverified = linkOf(key, undefined, TRIGGER);
		const allowed = Array.from({ length: 10 }, (_, i) => mayRead(unverified, `id-${i}`, 'wf-2:trigger', now + i));
		expect(allowed.filter(Boolean)).toHaveLength(UNVERIFIED_READS_PER_MINUTE);
		expect(mayRead(unverified, 'id', 'wf-3:another-trigger', now)).toBe(true);
		expect(mayRead(unverified, 'id', 'wf-2:trigger', now + 60_001)).toBe(true);
	});
});
