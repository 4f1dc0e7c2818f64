/**
 * What the emulator enforces of Signicat's Authentication REST API, in one place.
 * Sources: Signicat's itsme guide (the example payloads), the API reference and Signicat's SDKs;
 * see ../shared/signicat/API-NOTES.md.
 */
export const FLOWS = ['redirect', 'headless', 'embedded'] as const;
export const LOAS = ['low', 'substantial', 'high'] as const;
/** Signicat raises a lifetime under 300 s to 300 s and documents no maximum. */
export const SESSION_LIFETIME = { raisedTo: 300, default: 1200 } as const;
export const PROVIDER_NAME_MAX_LENGTH = 30;
export const TAGS = { maxCount: 100, maxLength: 100 } as const;
export const EXTERNAL_REFERENCE_MAX_LENGTH = 1000;
/**
 * The fields of `prefilledInput`: Signicat's official .NET SDK (signicat/signicat-net,
 * Services/Authentication/Entities/PrefilledInput.cs: nin, mobile, dateOfBirth, username, email) and
 * the SDK generated from the API reference's OpenAPI (also firstName, lastName, bankAccountNumber,
 * organisation, deviceId). There is no `phoneNumber`: Signicat refuses what it does not know.
 */
export const PREFILLED_INPUT_FIELDS = [
	'nin',
	'mobile',
	'email',
	'userName',
	'dateOfBirth',
	'firstName',
	'lastName',
	'bankAccountNumber',
	'organisation',
	'deviceId',
] as const;

/** Attributes an itsme session may request, and the subject field each one fills. */
export const ITSME_ATTRIBUTES = [
	'name',
	'firstName',
	'lastName',
	'email',
	'dateOfBirth',
	'nin',
	'phoneNumber',
	'address',
	'gender',
	'nationality',
	'placeOfBirth',
	'countryOfBirth',
	'locale',
	'idpId',
] as const;
export type ItsmeAttribute = (typeof ITSME_ATTRIBUTES)[number];

export const FINAL_STATUSES = ['SUCCESS', 'ABORT', 'ERROR', 'CANCELLED', 'EXPIRED', 'INVALID'] as const;
export type SessionStatus = 'CREATED' | (typeof FINAL_STATUSES)[number];
