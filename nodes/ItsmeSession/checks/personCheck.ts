import type { IDataObject } from 'n8n-workflow';

import { ageOn, isoDay } from './age';
import type { CalendarDate } from './dates';
import { compareDates, readDate } from './dates';
import type { FieldCheck, MatchResult } from './fieldCheck';
import { isBetter, isBlank } from './fieldCheck';
import { compareNames } from './names';
import { compareNationalNumbers } from './nationalNumber';

/** The fields compared: what the person typed in the application, and what itsme verified. */
export interface PersonFields {
	firstName: unknown;
	lastName: unknown;
	dateOfBirth: unknown;
	nationalNumber: unknown;
}

export interface PersonCheckInput {
	verified: PersonFields;
	/** A blank national number is not compared; the other fields always are. */
	typed: PersonFields;
	/** Whether a close name is enough to proceed (otherwise it goes to a person who reviews it). */
	acceptClose: boolean;
	/** Whether a first and last name typed in each other's field may count. */
	allowSwappedNames: boolean;
	/** The age the person must have at least on the day of the check; 0 requires none. */
	minimumAge: number;
	/** The day of the check, in the workflow's time zone. */
	today: CalendarDate;
	/** The credential's National Number Hash Key, for a verified national number given as its keyed hash. */
	hashKey: string;
}

const LABELS = { firstName: 'First name', lastName: 'Last name', dateOfBirth: 'Date of birth', nationalNumber: 'National number' } as const;
type Field = keyof typeof LABELS;

const worst = (checks: FieldCheck[]): FieldCheck => checks.reduce((a, b) => (isBetter(a, b) ? b : a));

/** The names as typed, or crossed over when they were typed in each other's field and the team allows it. */
function checkNames({ typed, verified, allowSwappedNames }: PersonCheckInput): { firstName: FieldCheck; lastName: FieldCheck; note?: string } {
	const straight = { firstName: compareNames(typed.firstName, verified.firstName, 'given'), lastName: compareNames(typed.lastName, verified.lastName, 'family') };
	const crossed = { firstName: compareNames(typed.lastName, verified.firstName, 'given'), lastName: compareNames(typed.firstName, verified.lastName, 'family') };
	const crossedFits = ['match', 'close'].includes(worst(Object.values(crossed)).result) && isBetter(worst(Object.values(crossed)), worst(Object.values(straight)));
	if (!crossedFits) return straight;
	if (allowSwappedNames) return { ...crossed, note: "First and last name were typed in each other's field (allowed by Allow Swapped Names)." };
	return { ...straight, note: "First and last name match when swapped: turn on Allow Swapped Names to accept that." };
}

/** One sentence for a field that did not simply match: "Last name is close: written together or apart, …". */
function sentence(field: Field, { result, why }: FieldCheck): string {
	const said = result === 'missing' ? why : `${result}${why ? `: ${why}` : ''}`;
	return `${LABELS[field]} is ${said}.`;
}

/**
 * Compares the application with the verified person field by field and says whether to proceed,
 * with the reasons in words. Nothing here repeats a name, a date or a number.
 */
export function checkPerson(input: PersonCheckInput): IDataObject {
	const { typed, verified, minimumAge } = input;
	const names = checkNames(input);
	const fields: Partial<Record<Field, FieldCheck>> = {
		firstName: names.firstName,
		lastName: names.lastName,
		dateOfBirth: compareDates(typed.dateOfBirth, verified.dateOfBirth),
	};
	if (!isBlank(typed.nationalNumber)) fields.nationalNumber = compareNationalNumbers(typed.nationalNumber, verified.nationalNumber, input.hashKey);

	const accepted: MatchResult[] = input.acceptClose ? ['match', 'close'] : ['match'];
	const sentences = (Object.entries(fields) as Array<[Field, FieldCheck]>).filter(([, check]) => check.result !== 'match').map(([field, check]) => sentence(field, check));
	if (names.note) sentences.push(names.note);

	const birth = readDate(verified.dateOfBirth);
	const age = birth ? ageOn(birth, input.today) : undefined;
	const knownAge = age !== undefined && age >= 0 ? age : undefined;
	const oldEnough = minimumAge > 0 ? knownAge !== undefined && knownAge >= minimumAge : undefined;
	if (oldEnough === false) {
		sentences.push(
			knownAge === undefined
				? `Age is unknown (the verified date of birth is ${isBlank(verified.dateOfBirth) ? 'missing' : 'not readable'}), so at least ${minimumAge} years cannot be confirmed.`
				: `Younger than the minimum age of ${minimumAge}.`,
		);
	}

	const proceed = Object.values(fields).every((check) => accepted.includes(check.result)) && oldEnough !== false;
	const allGood = `All compared fields match${minimumAge > 0 ? `, and the person is at least ${minimumAge} years old` : ''}.`;
	return {
		proceed,
		reasons: sentences.length > 0 ? sentences.join(' ') : allGood,
		...Object.fromEntries(Object.entries(fields).map(([field, check]) => [`${field}Match`, check.result])),
		...(knownAge !== undefined ? { age: knownAge } : {}),
		...(oldEnough !== undefined ? { oldEnough } : {}),
		checkedOn: isoDay(input.today),
	};
}
