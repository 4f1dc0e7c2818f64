import { ageOn, dayIn, isoDay } from '../../nodes/ItsmeSession/checks/age';
import { readDate } from '../../nodes/ItsmeSession/checks/dates';

describe('age in whole years', () => {
	const day = (iso: string) => readDate(iso)!;

	it.each([
		['2008-05-01', '2026-04-30', 17],
		['2008-05-01', '2026-05-01', 18],
		['2008-05-01', '2026-05-02', 18],
		['1981-04-24', '2026-01-01', 44],
		['2026-01-01', '2026-01-01', 0],
		// Born on 29 February: a year older on 1 March in other years, not on 28 February.
		['2008-02-29', '2026-02-28', 17],
		['2008-02-29', '2026-03-01', 18],
		['2008-02-29', '2028-02-28', 19],
		['2008-02-29', '2028-02-29', 20],
	])('born %s, on %s: %i', (birth, on, age) => {
		expect(ageOn(day(birth), day(on))).toBe(age);
	});
});

describe("the day of the check in the workflow's time zone", () => {
	// 22:30 UTC on 30 April 2026 is already 1 May in Brussels (UTC+2 in summer), still 30 April in New York.
	const lateEvening = new Date('2026-04-30T22:30:00Z');

	it.each([
		['Europe/Brussels', '2026-05-01'],
		['Europe/Amsterdam', '2026-05-01'],
		['UTC', '2026-04-30'],
		['America/New_York', '2026-04-30'],
		['Pacific/Kiritimati', '2026-05-01'],
	])('in %s it is %s', (zone, expected) => {
		expect(isoDay(dayIn(lateEvening, zone))).toBe(expected);
	});

	it('in winter Brussels is one hour ahead of UTC, not two', () => {
		expect(isoDay(dayIn(new Date('2026-01-15T22:30:00Z'), 'Europe/Brussels'))).toBe('2026-01-15');
		expect(isoDay(dayIn(new Date('2026-01-15T23:30:00Z'), 'Europe/Brussels'))).toBe('2026-01-16');
	});

	it('makes a person born on 1 May 2008 eighteen in Brussels while still seventeen in UTC', () => {
		const birth = readDate('01/05/2008')!;
		expect(ageOn(birth, dayIn(lateEvening, 'Europe/Brussels'))).toBe(18);
		expect(ageOn(birth, dayIn(lateEvening, 'UTC'))).toBe(17);
	});

	it('names the setting when the time zone is not one it knows', () => {
		expect(() => dayIn(lateEvening, 'Europe/Atlantis')).toThrow('The time zone "Europe/Atlantis" is not one luxon knows: check the workflow\'s Timezone setting');
	});
});
