import { isoDay } from '../../nodes/ItsmeSession/checks/age';
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
