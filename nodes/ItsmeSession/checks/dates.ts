import type { FieldCheck } from './fieldCheck';
import { isBlank, MATCH, missingFrom } from './fieldCheck';

/** A day of the calendar, without time or time zone: a date of birth. */
export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

/** The ways people type a date of birth that are read: the day first, or the ISO order. */
export const DATE_FORMATS_READ = ['31/12/1990', '31.12.1990', '31-12-1990', '1990-12-31'] as const;

// Day first with one separator used twice (31/12/1990, 1.2.1990), or ISO (1990-12-31, also with a time after it).
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;

const isRealDay = ({ year, month, day }: CalendarDate): boolean => {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** A date in one of DATE_FORMATS_READ, or undefined when it is none of them or no real day (31/02, 12/31/1990). */
export function readDate(value: unknown): CalendarDate | undefined {
	const text = String(value ?? '').trim();
	const dayFirst = DAY_FIRST.exec(text);
	const iso = ISO.exec(text);
	let date: CalendarDate | undefined;
	if (dayFirst) date = { year: Number(dayFirst[4]), month: Number(dayFirst[3]), day: Number(dayFirst[1]) };
	else if (iso) date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
	return date && isRealDay(date) ? date : undefined;
}

const sameDay = (a: CalendarDate, b: CalendarDate): boolean => a.year === b.year && a.month === b.month && a.day === b.day;

/** The typed date of birth against the verified one: exact, or different; a date that cannot be read says so. */
export function compareDates(typed: unknown, verified: unknown): FieldCheck {
	if (isBlank(verified)) return missingFrom('verified');
	if (isBlank(typed)) return missingFrom('typed');
	const verifiedDate = readDate(verified);
	if (!verifiedDate) return { result: 'unreadable', why: 'the verified date could not be read' };
	const typedDate = readDate(typed);
	if (!typedDate) {
		return { result: 'unreadable', why: `the typed date could not be read (read are: ${DATE_FORMATS_READ.join(', ')}; day first)` };
	}
	if (sameDay(typedDate, verifiedDate)) return MATCH;
	const swapped = { ...typedDate, month: typedDate.day, day: typedDate.month };
	return isRealDay(swapped) && sameDay(swapped, verifiedDate) ? { result: 'different', why: 'day and month seem swapped' } : { result: 'different' };
}
