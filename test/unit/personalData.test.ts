import { createHmac } from 'crypto';

import { GUIDE_RECORD, GUIDE_SUBJECT } from '../guideExample';
import { sessionSchema } from '../../nodes/shared/api/schemas';
import { flattenSession } from '../../nodes/shared/identity/flattenSession';
import { maskNationalNumber, protectNationalNumber } from '../../nodes/shared/identity/personalData';

// The seed guide's SUCCESS answer.
const guideSession = sessionSchema.parse({
	id: '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
	accountId: 'a-sdge-Adv',
	authenticationUrl: 'https://example.test/broker/sp/external-service/login?messageId=x&transactionId=4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
	status: 'SUCCESS',
	provider: 'itsme',
	subject: GUIDE_SUBJECT,
	environment: { ipAddress: '192.0.2.2', userAgent: '' },
	requestedAttributes: ['dateOfBirth', 'firstName', 'lastName', 'name', 'nin', 'idpId'],
	sessionLifetime: 1200,
});
const now = new Date('2026-11-25T10:00:00Z');
const KEY = 'a-key-of-sixteen-chars';

describe('the flattened record of a verified person', () => {
	it("turns the guide's example person into one flat row", () => {
		expect(flattenSession(guideSession, { nationalNumber: 'asIs', hashKey: '', includeRaw: false, now })).toEqual({
			...GUIDE_RECORD,
			nationalNumber: '81042419835',
			sessionId: '4ccb8a1b-6f40-e146-af1b-15f1c6eabb56',
			statusCheckedAt: '2026-11-25T10:00:00.000Z',
		});
	});

	it.each([
		['masked', '810424*****'],
		['hashed', createHmac('sha256', KEY).update('81042419835').digest('hex')],
	] as const)('gives the national number %s, in the row and in the raw session', (mode, expected) => {
		const row = flattenSession(guideSession, { nationalNumber: mode, hashKey: KEY, includeRaw: true, now });
		expect(row.nationalNumber).toBe(expected);
		expect(JSON.stringify(row)).not.toContain('81042419835');
		expect((row.raw as { subject: { nin: { value: string } } }).subject.nin.value).toBe(expected);
	});

	it('leaves the national number and its country out when omitted', () => {
		const row = flattenSession(guideSession, { nationalNumber: 'omitted', hashKey: '', includeRaw: true, now });
		expect(row).not.toHaveProperty('nationalNumber');
		expect(row).not.toHaveProperty('nationalNumberCountry');
		expect(JSON.stringify(row)).not.toContain('81042419835');
	});

	it('says when the node read the status, whatever the status: statusCheckedAt, never a time of the person', () => {
		const aborted = { ...guideSession, status: 'ABORT', subject: undefined };
		const row = flattenSession(aborted, { nationalNumber: 'asIs', hashKey: '', includeRaw: false, now });
		expect(row).toEqual({ sessionId: guideSession.id, status: 'ABORT', verified: false, provider: 'itsme', statusCheckedAt: now.toISOString() });
		expect(row).not.toHaveProperty('verifiedAt');
	});

	it('masks all but the birth-date digits', () => {
		expect(maskNationalNumber('81042419835')).toBe('810424*****');
		expect(protectNationalNumber(undefined, 'asIs', '')).toBeUndefined();
	});
});
