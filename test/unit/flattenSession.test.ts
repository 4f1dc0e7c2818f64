import { ZOD_MAJORS, withZod } from '../zodMajors';

const ID = '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56';
const now = new Date('2026-11-25T10:00:00Z');
const asIs = { nationalNumber: 'asIs' as const, hashKey: '', includeRaw: false, now };

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
			expect(flat(answer)).toEqual({ sessionId: ID, status: 'CREATED', verified: false });
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
				verifiedAt: now.toISOString(),
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
});
