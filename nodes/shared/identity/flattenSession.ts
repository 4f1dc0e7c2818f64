import type { IDataObject } from 'n8n-workflow';

import type { SignicatSession } from '../api/schemas';
import { flatAddress } from './flatAddress';
import type { NationalNumberMode } from './personalData';
import { protectNationalNumber } from './personalData';

export interface FlattenOptions {
	nationalNumber: NationalNumberMode;
	hashKey: string;
	includeRaw: boolean;
	/** When the node read the status from Signicat (Signicat gives no time of the person's approval). */
	now: Date;
}

const defined = (record: IDataObject): IDataObject =>
	Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/**
 * A session as one flat row for CRMs and spreadsheets: status, provider and the person's verified data.
 * The raw session, when asked for, carries the national number only in the form the mode allows.
 */
export function flattenSession(session: SignicatSession, options: FlattenOptions): IDataObject {
	const subject = session.subject;
	const nationalNumber = protectNationalNumber(subject?.nin?.value, options.nationalNumber, options.hashKey);
	const verified = session.status === 'SUCCESS';
	const row = defined({
		sessionId: session.id,
		status: session.status,
		verified,
		provider: session.provider,
		externalReference: session.externalReference,
		itsmeUserId: subject?.id,
		idpId: subject?.idpId,
		firstName: subject?.firstName,
		middleName: subject?.middleName,
		lastName: subject?.lastName,
		name: subject?.name,
		dateOfBirth: subject?.dateOfBirth,
		nationalNumber,
		nationalNumberCountry: nationalNumber === undefined ? undefined : subject?.nin?.issuingCountry,
		email: subject?.email,
		phoneNumber: subject?.phoneNumber,
		gender: subject?.gender,
		nationality: subject?.nationality,
		placeOfBirth: subject?.placeOfBirth,
		countryOfBirth: subject?.countryOfBirth,
		locale: subject?.locale,
		...flatAddress(subject?.address),
		errorCode: session.error?.code,
		// Signicat explains a failure in `error`, in `statusDetail`, or both: whichever is present.
		errorMessage: session.error?.detail ?? session.error?.title ?? (verified ? undefined : session.statusDetail),
		expiresAt: session.expiresAt,
		// When this node read this status from Signicat: not when the person approved, which Signicat does not tell.
		statusCheckedAt: options.now.toISOString(),
	});
	if (options.includeRaw) row.raw = rawWithProtectedNationalNumber(session, nationalNumber);
	return row;
}

function rawWithProtectedNationalNumber(session: SignicatSession, nationalNumber: string | undefined): IDataObject {
	const raw = structuredClone(session) as IDataObject;
	const subject = raw.subject as IDataObject | undefined;
	if (subject?.nin) {
		if (nationalNumber === undefined) delete subject.nin;
		else subject.nin = { ...(subject.nin as IDataObject), value: nationalNumber };
	}
	return raw;
}
