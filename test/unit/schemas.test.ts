import { GUIDE_SUBJECT } from '../guideExample';
import { ZOD_MAJORS, withZod } from '../zodMajors';

/** The guide's SUCCESS answer, with fields the package does not model (they must survive). */
const GUIDE_ANSWER = {
	id: '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
	accountId: 'a-sdge-Adv',
	status: 'SUCCESS',
	provider: 'itsme',
	subject: { ...GUIDE_SUBJECT, someNewSubjectField: 'kept' },
	environment: { ipAddress: '192.0.2.2', userAgent: '' },
	requestedAttributes: ['dateOfBirth', 'firstName', 'lastName', 'name', 'nin', 'idpId'],
	sessionLifetime: 1200,
	idpData: { anything: 'x' },
};

describe.each(ZOD_MAJORS)("Signicat's answers under $label", (zod) => {
	const { loaded: schemas, zodMajor } = withZod(
		zod,
		() => require('../../nodes/shared/api/schemas') as typeof import('../../nodes/shared/api/schemas'),
	);

	it(`really runs on zod ${zod.major}`, () => expect(zodMajor).toBe(zod.major));

	it("reads the guide's answer and keeps every field it does not model", () => {
		expect(schemas.sessionSchema.parse(GUIDE_ANSWER)).toEqual(GUIDE_ANSWER);
	});

	it.each([
		['a session without status', { id: GUIDE_ANSWER.id }, 'status'],
		['a numeric provider', { ...GUIDE_ANSWER, provider: 7 }, 'provider'],
		['a national number without value', { ...GUIDE_ANSWER, subject: { nin: { issuingCountry: 'BE' } } }, 'subject.nin.value'],
	])('refuses %s, naming where', (_what, answer, where) => {
		const parsed = schemas.sessionSchema.safeParse(answer);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(where);
	});

	it("reads Signicat's problem details: invalidParams and the errors map", () => {
		const problem = {
			type: 'https://developer.signicat.com/docs/errors/#400',
			title: 'One or more validation errors occurred.',
			traceId: 'abc',
			invalidParams: [{ name: 'prefilledInput.phoneNumber', reason: 'unknown' }],
			errors: { flow: ['flow is required.'] },
		};
		expect(schemas.problemSchema.parse(problem)).toEqual(problem);
		expect(schemas.problemSchema.safeParse({ errors: { flow: 'not a list' } }).success).toBe(false);
	});
});
