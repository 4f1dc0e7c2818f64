/**
 * The itsme attributes Signicat's Authentication REST API accepts, and the two itsme services.
 * Which attributes are requested decides which itsme service the person goes through
 * (Signicat's itsme "Attributes reference").
 */
export const ITSME_ATTRIBUTES = [
	{ value: 'name', name: 'Full Name' },
	{ value: 'firstName', name: 'First Name' },
	{ value: 'lastName', name: 'Last Name' },
	{ value: 'email', name: 'Email' },
	{ value: 'dateOfBirth', name: 'Date of Birth' },
	{ value: 'nin', name: 'National Number (RRN)' },
	{ value: 'phoneNumber', name: 'Phone Number' },
	{ value: 'address', name: 'Address' },
	{ value: 'gender', name: 'Gender' },
	{ value: 'nationality', name: 'Nationality' },
	{ value: 'placeOfBirth', name: 'Place of Birth' },
	{ value: 'countryOfBirth', name: 'Country of Birth' },
	{ value: 'locale', name: 'Phone Language' },
] as const;

export type ItsmeAttribute = (typeof ITSME_ATTRIBUTES)[number]['value'];

export const ITSME_SERVICES: Record<'authentication' | 'identification', readonly ItsmeAttribute[]> = {
	// Logs a returning person in: only identity-light attributes.
	authentication: ['name', 'firstName', 'lastName', 'email'],
	// Onboards a person with verified data from their identity document.
	identification: [
		'name',
		'firstName',
		'lastName',
		'dateOfBirth',
		'nin',
		'address',
		'gender',
		'nationality',
		'placeOfBirth',
		'phoneNumber',
		'email',
	],
};

export const isItsmeAttribute = (value: string): value is ItsmeAttribute =>
	ITSME_ATTRIBUTES.some((attribute) => attribute.value === value);
