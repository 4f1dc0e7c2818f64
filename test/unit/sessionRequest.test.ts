import type { IDataObject } from 'n8n-workflow';

import { ZOD_MAJORS, withZod } from '../zodMajors';

const CALLBACKS = { success: 'https://a.test/s', abort: 'https://a.test/a', error: 'https://a.test/e' };

describe.each(ZOD_MAJORS)('Create Session input under $label', (zod) => {
	const { loaded, zodMajor } = withZod(
		zod,
		() => require('../../nodes/ItsmeSession/actions/sessionRequest') as typeof import('../../nodes/ItsmeSession/actions/sessionRequest'),
	);
	const build = (options: IDataObject) =>
		loaded.buildSessionRequest({ service: 'authentication', attributes: [], flow: 'redirect', callbackUrls: CALLBACKS, options });

	it(`really runs on zod ${zod.major}`, () => expect(zodMajor).toBe(zod.major));

	it.each<[string, IDataObject, string, string]>([
		['a numeric External Reference', { externalReference: 12345 }, 'External Reference', 'must be text of at most 1000 characters, not a number'],
		['a too long External Reference', { externalReference: 'x'.repeat(1001) }, 'External Reference', 'must be text of at most 1000 characters'],
		['a lifetime out of range', { sessionLifetime: 7200 }, 'Session Lifetime', 'must be a whole number of seconds between 300 and 3600'],
		['a fractional lifetime', { sessionLifetime: 900.5 }, 'Session Lifetime', 'must be a whole number of seconds between 300 and 3600'],
		['a lifetime as text', { sessionLifetime: 'ten minutes' }, 'Session Lifetime', 'must be a whole number of seconds between 300 and 3600, not text'],
		['an unknown language', { language: 'es' }, 'Language', 'must be one of en, nl, fr, de'],
		['an unknown level of assurance', { requestedLoa: 'extreme' }, 'Level of Assurance', 'must be one of low, substantial, high'],
		['a level of assurance in capitals', { requestedLoa: 'HIGH' }, 'Level of Assurance', 'must be one of low, substantial, high'],
		['a level of assurance as a number', { requestedLoa: 3 }, 'Level of Assurance', 'must be one of low, substantial, high, not a number'],
		[
			'browser languages as a list',
			{ acceptLanguage: ['nl-BE'] },
			'Browser Language (Accept-Language)',
			'must be an Accept-Language value of at most 1000 characters, not a list',
		],
		['a phone number with letters', { prefilledPhoneNumber: 'call me' }, 'Phone Number (Prefilled)', 'must be an international phone number such as +32470123456'],
		['tags as a list', { tags: ['a', 'b'] }, 'Tags', 'must be comma-separated text, not a list'],
		['a theme as an object', { themeId: { id: 1 } }, 'Theme ID', 'must be text, not an object'],
		['providers as a boolean', { additionalProviders: true }, 'Additional Providers', 'must be comma-separated provider names, not a boolean'],
	])('turns %s into a sentence naming the field', (_what, options, field, message) => {
		expect(build(options)).toEqual({ problem: { field, message } });
	});

	it('never repeats the value given, which may be personal data', () => {
		const built = build({ prefilledPhoneNumber: 'Maxence +32 call me' });
		expect(JSON.stringify(built)).not.toContain('Maxence');
	});

	it("sends the prefilled phone number as Signicat's prefilledInput.mobile, and the options as typed", () => {
		expect(build({ prefilledPhoneNumber: '+32 470 12 34 56', externalReference: 'crm-7', sessionLifetime: 600, language: 'nl', tags: 'a, b' })).toEqual({
			request: {
				allowedProviders: ['itsme'],
				flow: 'redirect',
				callbackUrls: CALLBACKS,
				requestedAttributes: ['name', 'firstName', 'lastName', 'email'],
				sessionLifetime: 600,
				language: 'nl',
				externalReference: 'crm-7',
				tags: ['a', 'b'],
				prefilledInput: { mobile: '+32470123456' },
			},
		});
	});

	it.each(['low', 'substantial', 'high'])("sends the level of assurance %s as Signicat's requestedLoa", (requestedLoa) => {
		expect(build({ requestedLoa })).toMatchObject({ request: { requestedLoa } });
	});

	it('sends no requestedLoa when none is chosen: Signicat then uses the minimum of the eID', () => {
		expect(build({ requestedLoa: '' })).not.toHaveProperty('request.requestedLoa');
	});

	it.each([
		["the browser's best language we speak when Language is not set", { acceptLanguage: 'es-ES, fr-BE;q=0.9, nl;q=0.8' }, 'fr'],
		['the Language option over the browser', { language: 'de', acceptLanguage: 'nl-BE' }, 'de'],
		['English for a browser of languages we do not speak', { acceptLanguage: 'es-ES, it' }, 'en'],
		['English for an empty Accept-Language', { acceptLanguage: '' }, 'en'],
	])('sends as language %s', (_what, options, language) => {
		expect(build(options)).toMatchObject({ request: { language } });
		expect(build(options)).not.toHaveProperty('request.acceptLanguage');
	});

	it('fills in the defaults for blank options', () => {
		expect(build({ externalReference: '', sessionLifetime: null, language: undefined })).toMatchObject({
			request: { sessionLifetime: 1200, language: 'en' },
		});
	});
});
