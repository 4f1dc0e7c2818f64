import { acceptedLanguages, browserLanguage, chooseLanguage, sessionLanguage } from '../../nodes/shared/browser/language';

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
