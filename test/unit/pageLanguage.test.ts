import { acceptedLanguages, browserLanguage, chooseLanguage, LANGUAGES, sessionLanguage } from '../../nodes/shared/browser/language';
import { finalPage } from '../../nodes/shared/browser/answer';
import { badRedirectUrl } from '../../nodes/shared/browser/pageOptions';
import { TEXTS } from '../../nodes/shared/browser/texts';

describe('the language of the pages the person sees', () => {
	it.each([
		["the workflow's choice (on the callback URL) wins over everything", { session: 'fr', link: 'de', acceptLanguage: 'nl-BE' }, 'de'],
		["the browser's language wins over the session's: Signicat says English when the workflow chose none", { session: 'en', acceptLanguage: 'nl-BE,nl;q=0.9,en;q=0.5' }, 'nl'],
		["the session's language when the browser names none we speak", { session: 'fr', acceptLanguage: 'es-ES, it;q=0.8' }, 'fr'],
		["the session's language without any Accept-Language", { session: 'nl-BE' }, 'nl'],
		['a session language in capitals', { session: 'DE' }, 'de'],
		["the callback URL's language when the session was not read", { link: 'de', acceptLanguage: 'fr' }, 'de'],
		['a link language we do not speak falls through to the browser', { link: 'sv', acceptLanguage: 'nl' }, 'nl'],
		['Accept-Language with a region: nl-BE is Dutch', { acceptLanguage: 'nl-BE' }, 'nl'],
		['Accept-Language by weight, not by order', { acceptLanguage: 'en;q=0.5, fr-BE;q=0.9, de;q=0.7' }, 'fr'],
		['equal weights keep the order', { acceptLanguage: 'de-LU, fr-LU' }, 'de'],
		['languages we do not speak are skipped', { acceptLanguage: 'es-ES, it;q=0.9, nl;q=0.3' }, 'nl'],
		['q=0 means "not this one"', { acceptLanguage: 'fr;q=0, de;q=0.1' }, 'de'],
		['a malformed header', { acceptLanguage: ';;,q=abc, ,' }, 'en'],
		['a wildcard only', { acceptLanguage: '*' }, 'en'],
		['nothing at all', {}, 'en'],
		['values that are not strings', { session: 42, link: ['fr'], acceptLanguage: null }, 'en'],
	] as const)('%s', (_what, clues, expected) => {
		expect(chooseLanguage(clues)).toBe(expected);
	});

	it('orders Accept-Language tags by weight and drops q=0 and *', () => {
		expect(acceptedLanguages('fr-BE, nl;q=0.8, en;q=0.9, *;q=0.1, de;q=0')).toEqual(['fr-BE', 'en', 'nl']);
	});
});

describe("the language Create Session sends: the workflow's, else the person's browser's", () => {
	it.each([
		['the Language option', 'nl', 'fr-BE,fr;q=0.9', 'nl'],
		['the Language option wins over the browser', 'en', 'de-DE', 'en'],
		['no Language: the best of the browser languages we speak', '', 'es-ES,es;q=0.9,fr;q=0.8,nl;q=0.7', 'fr'],
		['no Language: a Belgian Dutch browser', undefined, 'nl-BE', 'nl'],
		['no Language, a browser of none we speak: none chosen (Signicat falls back to English)', '', 'es-ES, it', undefined],
		['nothing at all', undefined, undefined, undefined],
		['an Accept-Language that is not text', '', ['fr'], undefined],
	])('%s', (_what, language, acceptLanguage, expected) => {
		expect(sessionLanguage(language, acceptLanguage)).toBe(expected);
	});

	it('reads the browser languages with the same rules as the pages do', () => {
		const header = 'en;q=0.5, fr-BE;q=0.9, de;q=0.7';
		expect(browserLanguage(header)).toBe('fr');
		expect(sessionLanguage('', header)).toBe(chooseLanguage({ acceptLanguage: header }));
	});
});

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
	});

	it('never blames Signicat on the "could not confirm yet" page: it is true whatever the cause', () => {
		for (const language of LANGUAGES) expect(TEXTS[language].pages.notConfirmedYet.message).not.toMatch(/signicat|in time|timeout/i);
	});
});

describe("the team's own words on the final page", () => {
	const options = {
		successTitle: 'Welcome aboard',
		pageTexts: {
			text: [
				{ outcome: 'success', language: 'nl', title: 'Welkom aan boord', message: '' },
				{ outcome: 'abort', language: 'fr', title: '', message: 'Vous pourrez réessayer demain.' },
			],
		},
	};

	it('a text for the outcome and language wins; then the text for every language; then the built-in text', () => {
		expect(finalPage('SUCCESS', options, 'nl')).toEqual({ title: 'Welkom aan boord', message: TEXTS.nl.pages.verified.message });
		expect(finalPage('SUCCESS', options, 'de')).toEqual({ title: 'Welcome aboard', message: TEXTS.de.pages.verified.message });
		expect(finalPage('ABORT', options, 'fr')).toEqual({ title: TEXTS.fr.pages.cancelled.title, message: 'Vous pourrez réessayer demain.' });
		expect(finalPage('EXPIRED', options, 'nl')).toEqual(TEXTS.nl.pages.expired);
		expect(finalPage('SOMETHING_NEW', {}, 'de')).toEqual(TEXTS.de.pages.failed);
	});
});

describe('redirect URLs of the built-in answer', () => {
	it.each(['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'ftp://example.com/x', '/relative/path', 'example.com/verified'])('refuses %s, naming the field', (url) => {
		expect(badRedirectUrl({ abortRedirectUrl: url })).toMatch(/^Abort Redirect URL must be an absolute http:\/\/ or https:\/\/ address/);
	});

	it('accepts http(s) and empty ones', () => {
		expect(badRedirectUrl({ successRedirectUrl: 'https://shop.example/ok', errorRedirectUrl: 'http://localhost:3000/x', abortRedirectUrl: ' ' })).toBeUndefined();
	});
});
