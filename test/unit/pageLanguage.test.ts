import { acceptedLanguages, browserLanguage, chooseLanguage, LANGUAGES, sessionLanguage } from '../../nodes/shared/browser/language';
import { finalPage } from '../../nodes/shared/browser/answer';
import { renderPage } from '../../nodes/shared/browser/page';
import { badPageUrl } from '../../nodes/shared/browser/pageOptions';
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
		expect(texts.startAgain).not.toBe(english.startAgain);
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

describe("the team's link to start again, on the abort and error pages", () => {
	const options = {
		startAgainUrl: 'https://shop.example/sign-up',
		startAgainUrls: {
			link: [
				{ outcome: 'abortAndError', language: 'fr', url: 'https://shop.example/fr/inscription' },
				{ outcome: 'error', language: 'fr', url: 'https://shop.example/fr/aide' },
				{ outcome: 'abort', language: 'de', url: ' ' },
			],
		},
	};

	it('the link for the outcome and language wins; then the one for both outcomes in that language; then the one for every language', () => {
		expect(finalPage('ERROR', options, 'fr').action).toEqual({ href: 'https://shop.example/fr/aide', label: 'Recommencer' });
		expect(finalPage('ABORT', options, 'fr').action).toEqual({ href: 'https://shop.example/fr/inscription', label: 'Recommencer' });
		// Every abort and error status: cancelled by the person or the team, expired, failed, invalid.
		for (const status of ['ABORT', 'CANCELLED', 'EXPIRED', 'ERROR', 'INVALID']) {
			expect(finalPage(status, options, 'nl').action).toEqual({ href: 'https://shop.example/sign-up', label: TEXTS.nl.startAgain });
		}
		// An empty URL for a language is no URL: the one for every language stands.
		expect(finalPage('ABORT', options, 'de').action).toEqual({ href: 'https://shop.example/sign-up', label: 'Neu beginnen' });
	});

	it('never on the verified page, and no link when none is given', () => {
		expect(finalPage('SUCCESS', options, 'fr').action).toBeUndefined();
		expect(finalPage('ABORT', {}, 'en')).toEqual(TEXTS.en.pages.cancelled);
		expect(finalPage('ERROR', { startAgainUrl: '  ' }, 'en')).toEqual(TEXTS.en.pages.failed);
	});

	it('shows it as the page\'s one button, in the page\'s language, its address escaped, and nothing else added', () => {
		const html = renderPage(finalPage('EXPIRED', { startAgainUrl: 'https://shop.example/start?from=itsme&lang=de' }, 'de'), 'de');
		expect(html).toContain('<p><a class="action" href="https://shop.example/start?from=itsme&amp;lang=de">Neu beginnen</a></p>');
		expect(html.match(/<a /g)).toHaveLength(1);
		expect(html).not.toMatch(/<script|<form|target=/i);
	});

	it('never puts a URL that is not http(s) on the page', () => {
		for (const url of ['javascript:alert(1)', 'data:text/html,x', '/relative']) {
			expect(finalPage('ABORT', { startAgainUrl: url }, 'en').action).toBeUndefined();
		}
	});
});

describe('URLs of the built-in answer: redirects and start-again links', () => {
	it.each(['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'ftp://example.com/x', '/relative/path', 'example.com/verified'])('refuses %s, naming the field', (url) => {
		expect(badPageUrl({ abortRedirectUrl: url })).toMatch(/^Abort Redirect URL must be an absolute http:\/\/ or https:\/\/ address/);
		expect(badPageUrl({ startAgainUrl: url })).toBe('Start Again URL must be an absolute http:// or https:// address, such as https://example.com/sign-up');
		expect(badPageUrl({ startAgainUrls: { link: [{ outcome: 'abort', language: 'en', url: 'https://ok.example/' }, { outcome: 'abortAndError', language: 'fr', url }] } })).toBe(
			'Start Again URLs by Language: the French URL for Abort and Error must be an absolute http:// or https:// address, such as https://example.com/sign-up',
		);
	});

	it('accepts http(s) and empty ones', () => {
		expect(badPageUrl({ successRedirectUrl: 'https://shop.example/ok', errorRedirectUrl: 'http://localhost:3000/x', abortRedirectUrl: ' ' })).toBeUndefined();
		expect(
			badPageUrl({ startAgainUrl: 'https://shop.example/again', startAgainUrls: { link: [{ outcome: 'error', language: 'nl', url: 'http://intranet/opnieuw' }, { outcome: 'abort', language: 'de', url: '' }] } }),
		).toBeUndefined();
	});
});
