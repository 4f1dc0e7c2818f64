import { createHmac } from 'crypto';

/** How the national number (Belgian rijksregisternummer / numéro national) leaves the node. */
export type NationalNumberMode = 'asIs' | 'masked' | 'hashed' | 'omitted';

export const NATIONAL_NUMBER_MODES: Array<{ name: string; value: NationalNumberMode; description: string }> = [
	{
		name: 'As Is',
		value: 'asIs',
		description:
			'The full national number, e.g. 81042419835: the data of every execution and every sink after this node keep it; choose it only where the law and your records of processing allow',
	},
	{ name: 'Masked', value: 'masked', description: 'Only the first six digits (the birth date), e.g. 810424*****' },
	{
		name: 'Keyed SHA-256 Hash',
		value: 'hashed',
		description:
			'HMAC-SHA256 with the National Number Hash Key of the Signicat API credential: the same person always gives the same value; without that key it cannot be reversed',
	},
	{ name: 'Omitted', value: 'omitted', description: 'No national number in the output' },
];

export const maskNationalNumber = (value: string): string => value.slice(0, 6) + '*'.repeat(Math.max(value.length - 6, 0));

export const hashNationalNumber = (value: string, key: string): string =>
	createHmac('sha256', key).update(value).digest('hex');

/** The national number as the chosen mode allows it out, or undefined when it must not appear. */
export function protectNationalNumber(value: string | undefined, mode: NationalNumberMode, hashKey: string): string | undefined {
	if (value === undefined) return undefined;
	switch (mode) {
		case 'asIs':
			return value;
		case 'masked':
			return maskNationalNumber(value);
		case 'hashed':
			return hashNationalNumber(value, hashKey);
		case 'omitted':
			return undefined;
	}
}
