import type { FlattenOptions } from '../../nodes/shared/identity/flattenSession';
import { NBID_SUBJECT } from '../nbidExample';
import { ZOD_MAJORS, withZod } from '../zodMajors';

const ID = '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56';
const now = new Date('2026-11-25T10:00:00Z');
const asIs: FlattenOptions = { nationalNumber: 'asIs', hashKey: '', includeRaw: false, now };

const load = () => ({
	schemas: require('../../nodes/shared/api/schemas') as typeof import('../../nodes/shared/api/schemas'),
	flatten: require('../../nodes/shared/identity/flattenSession') as typeof import('../../nodes/shared/identity/flattenSession'),
	nulls: require('../../nodes/shared/api/withoutNulls') as typeof import('../../nodes/shared/api/withoutNulls'),
	event: require('../../nodes/ItsmeTrigger/signicatEvent') as typeof import('../../nodes/ItsmeTrigger/signicatEvent'),
});

describe.each(ZOD_MAJORS)("the flat record of Signicat's answer under $label", (zod) => {
	const { loaded, zodMajor } = withZod(zod, load);
	/** What signicatRequest does with every answer: nulls read as absent, then the schema. */
	const read = (answer: unknown) => loaded.schemas.sessionSchema.parse(loaded.nulls.withoutNulls(answer));
	const flat = (answer: unknown, options = asIs) => loaded.flatten.flattenSession(read(answer), options);

	it(`really runs on zod ${zod.major}`, () => expect(zodMajor).toBe(zod.major));

	describe('nulls', () => {
		it('reads every optional field that arrives as null as absent, in the session, the subject and its parts', () => {
			const answer = {
				id: ID,
				status: 'CREATED',
				accountId: null,
				authenticationUrl: null,
				provider: null,
				externalReference: null,
				statusDetail: null,
				error: null,
				subject: null,
				callbackUrls: { success: 'https://a.test/s', abort: null, error: null },
				allowedProviders: null,
				requestedAttributes: null,
				sessionLifetime: null,
				expiresAt: null,
				environment: null,
				idpData: null,
			};
			expect(flat(answer)).toEqual({ sessionId: ID, status: 'CREATED', verified: false, statusCheckedAt: now.toISOString() });
		});

		it('reads null subject fields, a null national number and a null address as absent', () => {
			const subject = { id: 's', idpId: null, firstName: 'Lotte', middleName: null, lastName: null, dateOfBirth: null, nin: null, address: null, email: null };
			expect(flat({ id: ID, status: 'SUCCESS', provider: 'itsme', subject }, { ...asIs, includeRaw: true })).toEqual({
				sessionId: ID,
				status: 'SUCCESS',
				verified: true,
				provider: 'itsme',
				itsmeUserId: 's',
				firstName: 'Lotte',
				statusCheckedAt: now.toISOString(),
				raw: { id: ID, status: 'SUCCESS', provider: 'itsme', subject: { id: 's', firstName: 'Lotte' } },
			});
			const ninWithNulls = { value: '81042419835', issuingCountry: null, type: null };
			expect(flat({ id: ID, status: 'SUCCESS', subject: { nin: ninWithNulls } })).toMatchObject({ nationalNumber: '81042419835' });
		});

		it('still refuses a null where a value is required', () => {
			expect(() => read({ id: ID, status: null })).toThrow();
			expect(() => read({ id: null, status: 'SUCCESS' })).toThrow();
		});

		it('reads an event whose optional envelope fields are null', () => {
			const envelope = { id: 'e', timestamp: null, sender: 'authentication-api', eventName: 'session.success', accountId: null, organizationId: null, tags: null, expiresAt: null };
			expect(loaded.event.readSignicatEvent({ ...envelope, eventData: { sessionId: null, id: ID, externalReference: null } })).toEqual({
				kind: 'session',
				sessionId: ID,
				accountId: undefined,
			});
		});
	});

	describe('why a session failed', () => {
		it.each([
			['error only', { error: { code: 'idp_error', title: 'Identity provider error', detail: 'The provider failed.' } }, 'idp_error', 'The provider failed.'],
			['error with a title only', { error: { code: 'x', title: 'Identity provider error', detail: null } }, 'x', 'Identity provider error'],
			['statusDetail only', { statusDetail: 'The user closed the itsme app.', error: null }, undefined, 'The user closed the itsme app.'],
			['both', { statusDetail: 'Status words', error: { detail: 'Error words' } }, undefined, 'Error words'],
		])('gives the error message from %s', (_what, failure, errorCode, errorMessage) => {
			const row = flat({ id: ID, status: 'ERROR', provider: 'itsme', ...failure });
			expect(row.errorMessage).toBe(errorMessage);
			expect(row.errorCode).toBe(errorCode);
		});

		it("keeps a successful session's statusDetail out of the error message", () => {
			expect(flat({ id: ID, status: 'SUCCESS', statusDetail: 'Done' })).not.toHaveProperty('errorMessage');
		});
	});

	describe('the address, whatever its shape', () => {
		const rowWith = (address: unknown) => {
			const row = flat({ id: ID, status: 'SUCCESS', subject: { address } });
			// Only the address columns: the session's own columns are the same in every case.
			return Object.fromEntries(Object.entries(row).filter(([column]) => !['sessionId', 'status', 'verified', 'statusCheckedAt'].includes(column)));
		};

		it('a string: the one-line address column', () => {
			expect(rowWith('Rue de Fer 12, 5000 Namur')).toEqual({ address: 'Rue de Fer 12, 5000 Namur' });
		});

		it('an object of parts with formatted: each part in its column, formatted as the one line', () => {
			const parts = { street: 'Rue de Fer 12', postalCode: '5000', city: 'Namur', region: 'Wallonie', country: 'BE', formatted: 'Rue de Fer 12, 5000 Namur' };
			expect(rowWith(parts)).toEqual({ address: 'Rue de Fer 12, 5000 Namur', street: 'Rue de Fer 12', postalCode: '5000', city: 'Namur', region: 'Wallonie', country: 'BE' });
		});

		it('an object of parts without formatted: the parts, no invented line', () => {
			expect(rowWith({ street: 'Bondgenotenlaan 100', postalCode: '3000', city: 'Leuven', country: 'BE' })).toEqual({
				street: 'Bondgenotenlaan 100',
				postalCode: '3000',
				city: 'Leuven',
				country: 'BE',
			});
		});

		it('the OIDC address claim: its parts under the same columns, its multi-line formatted as one line', () => {
			const oidc = {
				formatted: 'Kouter 1\n9000 Gent\nBelgium',
				street_address: 'Kouter 1',
				locality: 'Gent',
				postal_code: '9000',
				region: 'Oost-Vlaanderen',
				country: 'BE',
			};
			expect(rowWith(oidc)).toEqual({
				address: 'Kouter 1, 9000 Gent, Belgium',
				street: 'Kouter 1',
				postalCode: '9000',
				city: 'Gent',
				region: 'Oost-Vlaanderen',
				country: 'BE',
			});
		});

		it('lets no part vanish: unknown parts and a second, different value get address… columns of their own', () => {
			expect(rowWith({ street: 'Kouter', street_address: 'Kouter 1', house_number: '1', postOfficeBox: 7, geo: { lat: 51 } })).toEqual({
				street: 'Kouter',
				addressStreetAddress: 'Kouter 1',
				addressHouseNumber: '1',
				addressPostOfficeBox: '7',
				addressGeo: '{"lat":51}',
			});
		});

		it('keeps the address object whole in the raw session', () => {
			const oidc = { formatted: 'Kouter 1', locality: 'Gent', extra: 'kept' };
			const row = flat({ id: ID, status: 'SUCCESS', subject: { address: oidc } }, { ...asIs, includeRaw: true });
			expect((row.raw as { subject: { address: unknown } }).subject.address).toEqual(oidc);
		});
	});

	describe("other providers' subjects", () => {
		// Signicat's docs example of a Norwegian BankID session (see nbidExample.ts).
		const NBID_SESSION = {
			id: 'fb432801-66f6-6141-9835-e2a3b42e2e35',
			accountId: 'a-sdge-example',
			status: 'SUCCESS',
			provider: 'nbid',
			subject: NBID_SUBJECT,
			allowedProviders: ['nbid'],
			flow: 'embedded',
			requestedAttributes: ['dateOfBirth', 'firstName', 'idpId', 'lastName', 'name', 'nbidAlternativeSubject', 'nbidAuthTime', 'nbidIdp', 'nbidOriginator', 'nbidSid', 'nbidSubjectUuid', 'nbidUpdatedAt', 'nin'],
			sessionLifetime: 1200,
			expiresAt: '2024-10-10T12:46:07.1061872+00:00',
		};

		it("flattens a Norwegian BankID subject: provider, names, birth date, national number and its country", () => {
			const row = flat(NBID_SESSION, { ...asIs, includeRaw: true });
			expect(row).toMatchObject({
				sessionId: NBID_SESSION.id,
				status: 'SUCCESS',
				verified: true,
				provider: 'nbid',
				itsmeUserId: NBID_SESSION.subject.id,
				idpId: '9578-6000-4-1663921',
				name: 'Kari Nordmann',
				firstName: 'Kari',
				lastName: 'Nordmann',
				dateOfBirth: '1990-02-17',
				nationalNumber: '17029012345',
				nationalNumberCountry: 'NO',
			});
			// The provider's own keys stay in the raw session, untouched.
			expect(row.raw).toEqual(NBID_SESSION);
		});

		it("protects another country's national number the same way", () => {
			const row = flat(NBID_SESSION, { ...asIs, nationalNumber: 'masked', includeRaw: true });
			expect(row.nationalNumber).toBe('170290*****');
			expect(JSON.stringify(row)).not.toContain('17029012345');
		});
	});
});
