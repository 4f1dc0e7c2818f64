import { DateTime } from 'luxon';

import type { CalendarDate } from './dates';

/** The day it is at `now` in `zone` (an IANA time zone such as Europe/Brussels: the workflow's setting). */
export function dayIn(now: Date, zone: string): CalendarDate {
	const local = DateTime.fromJSDate(now).setZone(zone);
	if (!local.isValid) throw new Error(`The time zone "${zone}" is not one luxon knows: check the workflow's Timezone setting`);
	return { year: local.year, month: local.month, day: local.day };
}

/**
 * Whole years from the date of birth to the day `on`. A person born on 29 February has their
 * birthday on 1 March in other years: they are not a year older on 28 February.
 */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
	const birthdayPassed = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
	return on.year - birth.year - (birthdayPassed ? 0 : 1);
}

/** "2024-02-29": how a calendar day is written in the output. */
export const isoDay = ({ year, month, day }: CalendarDate): string =>
	`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
