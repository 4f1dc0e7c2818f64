import { ageOn, dayIn, isoDay } from '../../nodes/ItsmeSession/checks/age';
import { compareDates, readDate } from '../../nodes/ItsmeSession/checks/dates';

describe('dates of birth as people type them', () => {
	it.each([
		['31/12/1990', '1990-12-31'],
		['31.12.1990', '1990-12-31'],
		['31-12-1990', '1990-12-31'],
		['1990-12-31', '1990-12-31'],
		[' 1/2/1990 ', '1990-02-01'],
		['01.02.1990', '1990-02-01'],
		['29/02/2000', '2000-02-29'],
		// A date a Form Trigger or an expression gives with a time after it.
		['1990-12-31T00:00:00.000+01:00', '1990-12-31'],
	])('reads %s as %s', (typed, day) => {
		const date = readDate(typed);
		expect(date && isoDay(date)).toBe(day);
	});

	it.each([
		['12/31/1990', 'month first (US): there is no 31st month'],
		['31/02/1990', 'no such day'],
		['29/02/2001', 'no 29 February in 2001'],
		['31/12/90', 'a two-digit year'],
		['31/12.1990', 'two different separators'],
		['1990/12/31', 'year first with slashes'],
		['31 December 1990', 'words'],
		['yesterday', 'not a date'],
	])('does not read %s (%s)', (typed) => {
		expect(readDate(typed)).toBeUndefined();
	});

	it('compares exactly: the same day matches, another day is different', () => {
		expect(compareDates('24/04/1981', '1981-04-24')).toEqual({ result: 'match' });
		expect(compareDates('24.04.1981', '1981-04-24')).toEqual({ result: 'match' });
		expect(compareDates('25/04/1981', '1981-04-24')).toEqual({ result: 'different' });
		expect(compareDates('24/04/1982', '1981-04-24')).toEqual({ result: 'different' });
	});

	it('says when day and month seem swapped, still as different', () => {
		expect(compareDates('04/05/1990', '1990-04-05')).toEqual({ result: 'different', why: 'day and month seem swapped' });
	});

	it('reports a typed date it cannot read as unreadable, not as different, and names the formats it reads', () => {
		const check = compareDates('12/31/1981', '1981-12-31');
		expect(check.result).toBe('unreadable');
		expect(check.why).toBe('the typed date could not be read (read are: 31/12/1990, 31.12.1990, 31-12-1990, 1990-12-31; day first)');
		expect(check.why).not.toContain('1981');
	});

	it('says which side is missing the date', () => {
		expect(compareDates('', '1981-04-24')).toEqual({ result: 'missing', why: 'missing from the application' });
		expect(compareDates('24/04/1981', null)).toEqual({ result: 'missing', why: 'missing from the verified person' });
	});
});

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
