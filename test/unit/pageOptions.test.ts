import { finalPage } from '../../nodes/shared/browser/answer';
import { renderPage } from '../../nodes/shared/browser/page';
import { badPageUrl } from '../../nodes/shared/browser/pageOptions';
import { TEXTS } from '../../nodes/shared/browser/texts';

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
