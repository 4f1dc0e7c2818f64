import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../isRecord';

/**
 * Where each part of an address goes in the flat record. Signicat does not publish the shape of
 * itsme's address in the REST subject; its other eIDs give one line, an object with `street`,
 * `postalCode`, `city`, `region`, `country`, `formatted`, or the OIDC address claim (`formatted`,
 * `street_address`, `locality`, `postal_code`, `region`, `country`; OpenID Connect Core 5.1.1).
 */
const COLUMN_OF: Record<string, string> = {
	formatted: 'address',
	street: 'street',
	street_address: 'street',
	postalCode: 'postalCode',
	postal_code: 'postalCode',
	city: 'city',
	locality: 'city',
	region: 'region',
	country: 'country',
};

/** `house_number` or `houseNumber` → `addressHouseNumber`: a part without a column of its own. */
const ownColumn = (key: string): string =>
	`address${key.replace(/(^|[_\s-]+)([a-z0-9])/gi, (_, __, letter: string) => letter.toUpperCase())}`;

/** The OIDC `formatted` address may span lines; the `address` column holds one. */
const oneLine = (text: string): string =>
	text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.join(', ');

/**
 * The address as columns of the flat record, whatever its shape. No part vanishes: a part with no
 * column of its own, or a second value for a column already filled, gets an `address…` column.
 */
export function flatAddress(address: unknown): IDataObject {
	if (typeof address === 'string') return { address: oneLine(address) };
	if (!isRecord(address)) return {};
	const columns: IDataObject = {};
	for (const [key, value] of Object.entries(address)) {
		if (value === undefined || value === null || value === '') continue;
		const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
		const column = COLUMN_OF[key];
		if (column && columns[column] === undefined) columns[column] = column === 'address' ? oneLine(text) : text;
		else if (!column || columns[column] !== text) columns[ownColumn(key)] = text;
	}
	return columns;
}
