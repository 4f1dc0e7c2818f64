import { LANGUAGES } from '../../nodes/shared/browser/language';
import { TEXTS } from '../../nodes/shared/browser/texts';

describe('the texts of every page in every language', () => {
	const english = TEXTS.en;
	const kinds = Object.keys(english.pages) as (keyof typeof english.pages)[];

	it('has every outcome in English, Dutch, French and German', () => {
		expect(Object.keys(TEXTS).sort()).toEqual([...LANGUAGES].sort());
		expect(kinds.sort()).toEqual(['cancelled', 'expired', 'failed', 'notConfirmedYet', 'notFinished', 'stopped', 'unknownLink', 'verified']);
	});

	it.each(LANGUAGES.filter((language) => language !== 'en'))('%s: a title and message of its own for every page, and its own button labels', (language) => {
		const texts = TEXTS[language];
		for (const kind of kinds) {
			expect(texts.pages[kind].title.trim()).not.toBe('');
			expect(texts.pages[kind].message.trim()).not.toBe('');
			// Translated, not the English left in place.
			expect(texts.pages[kind].title).not.toBe(english.pages[kind].title);
			expect(texts.pages[kind].message).not.toBe(english.pages[kind].message);
		}
		expect(texts.checkAgain).not.toBe(english.checkAgain);
		expect(texts.continueInItsme).not.toBe(english.continueInItsme);
		expect(texts.startAgain).not.toBe(english.startAgain);
	});

	it('never blames Signicat on the "could not confirm yet" page: it is true whatever the cause', () => {
		for (const language of LANGUAGES) expect(TEXTS[language].pages.notConfirmedYet.message).not.toMatch(/signicat|in time|timeout/i);
	});
});
