import { createHmac } from 'node:crypto';

import { compareNationalNumbers } from '../../nodes/ItsmeSession/checks/nationalNumber';
import type { PersonCheckInput, PersonFields } from '../../nodes/ItsmeSession/checks/personCheck';
import { checkPerson } from '../../nodes/ItsmeSession/checks/personCheck';

const HASH_KEY = 'sixteen-chars-key!';
const hashed = (digits: string) => createHmac('sha256', HASH_KEY).update(digits).digest('hex');

/** Signicat's guide example person, as itsme verified them. */
const VERIFIED: PersonFields = { firstName: 'Maxence', lastName: 'Legrand', dateOfBirth: '1981-04-24', nationalNumber: '81042419835' };
const TYPED: PersonFields = { firstName: 'maxence', lastName: 'LEGRAND', dateOfBirth: '24/04/1981', nationalNumber: '' };

const check = (typed: Partial<PersonFields>, options: Partial<PersonCheckInput> = {}) =>
	checkPerson({
		verified: VERIFIED,
		typed: { ...TYPED, ...typed },
		acceptClose: false,
		allowSwappedNames: false,
		minimumAge: 0,
		today: { year: 2026, month: 4, day: 30 },
		hashKey: '',
		...options,
	});

describe('Check Person: the application against the verified person', () => {
	it('proceeds when every compared field matches, and says so', () => {
		expect(check({})).toEqual({
			proceed: true,
			reasons: 'All compared fields match.',
			firstNameMatch: 'match',
			lastNameMatch: 'match',
			dateOfBirthMatch: 'match',
			age: 45,
			checkedOn: '2026-04-30',
		});
	});

	it('does not proceed on a close name unless the team accepts close matches; the reason says why either way', () => {
		const verified = { ...VERIFIED, lastName: 'Van den Broeck' };
		const strict = check({ lastName: 'Vandenbroeck' }, { verified });
		expect(strict).toMatchObject({ proceed: false, lastNameMatch: 'close' });
		expect(strict.reasons).toBe('Last name is close: written together or apart, or without its apostrophe.');
		expect(check({ lastName: 'Vandenbroeck' }, { verified, acceptClose: true })).toMatchObject({ proceed: true, lastNameMatch: 'close', reasons: strict.reasons });
	});

	it('never proceeds on a different name, even when close matches are accepted', () => {
		const result = check({ firstName: 'Maxime' }, { acceptClose: true });
		expect(result).toMatchObject({ proceed: false, firstNameMatch: 'different', reasons: 'First name is different.' });
	});

	it('takes swapped first and last names only when the team allows it, and says so either way', () => {
		const swapped = { firstName: 'Legrand', lastName: 'Maxence' };
		expect(check(swapped)).toMatchObject({
			proceed: false,
			firstNameMatch: 'different',
			lastNameMatch: 'different',
			reasons: 'First name is different. Last name is different. First and last name match when swapped: turn on Allow Swapped Names to accept that.',
		});
		expect(check(swapped, { allowSwappedNames: true })).toMatchObject({
			proceed: true,
			firstNameMatch: 'match',
			lastNameMatch: 'match',
			reasons: "First and last name were typed in each other's field (allowed by Allow Swapped Names).",
		});
	});

	it('reports a date it cannot read as unreadable, and does not proceed', () => {
		const result = check({ dateOfBirth: '04/24/1981' });
		expect(result).toMatchObject({ proceed: false, dateOfBirthMatch: 'unreadable' });
		expect(result.reasons).toMatch(/^Date of birth is unreadable: the typed date could not be read \(read are: 31\/12\/1990/);
	});

	it('says what is missing, from which side', () => {
		const result = check({ firstName: '' }, { verified: { ...VERIFIED, dateOfBirth: null } });
		expect(result).toMatchObject({ proceed: false, firstNameMatch: 'missing', dateOfBirthMatch: 'missing' });
		expect(result.reasons).toBe('First name is missing from the application. Date of birth is missing from the verified person.');
		expect(result).not.toHaveProperty('age');
	});

	describe('age', () => {
		it.each([
			[18, { year: 2026, month: 4, day: 30 }, '1999-04-30', true],
			[18, { year: 2026, month: 4, day: 29 }, '2008-04-30', false],
			[18, { year: 2026, month: 4, day: 30 }, '2008-04-30', true],
		])('at least %i on %j, born %s: %s', (minimumAge, today, dateOfBirth, oldEnough) => {
			const [year, month, day] = dateOfBirth.split('-');
			const result = check({ dateOfBirth: `${day}/${month}/${year}` }, { minimumAge, today, verified: { ...VERIFIED, dateOfBirth } });
			expect(result).toMatchObject({ oldEnough, proceed: oldEnough });
			expect(result.reasons).toBe(oldEnough ? 'All compared fields match, and the person is at least 18 years old.' : 'Younger than the minimum age of 18.');
		});

		it('says the age is unknown when the verified date of birth is missing, and does not proceed', () => {
			const result = check({}, { minimumAge: 18, verified: { ...VERIFIED, dateOfBirth: undefined } });
			expect(result).toMatchObject({ proceed: false, oldEnough: false, dateOfBirthMatch: 'missing' });
			expect(result).not.toHaveProperty('age');
			expect(result.reasons).toContain('Age is unknown (the verified date of birth is missing), so at least 18 years cannot be confirmed.');
		});

		it('gives the age without a minimum, and no oldEnough', () => {
			expect(check({})).not.toHaveProperty('oldEnough');
			expect(check({}).age).toBe(45);
		});
	});

	describe('national number', () => {
		it('is compared only when typed, on digits only', () => {
			expect(check({})).not.toHaveProperty('nationalNumberMatch');
			expect(check({ nationalNumber: '81.04.24-198.35' })).toMatchObject({ proceed: true, nationalNumberMatch: 'match' });
			expect(check({ nationalNumber: '81 04 24 198 36' })).toMatchObject({ proceed: false, nationalNumberMatch: 'different', reasons: 'National number is different.' });
		});

		it.each([
			['as is', '81042419835', '81042419835', '', 'match'],
			['as is, typed with separators', '81.04.24-198.35', '81042419835', '', 'match'],
			['as is, another number', '92031724633', '81042419835', '', 'different'],
			['as its keyed hash', '81.04.24-198.35', hashed('81042419835'), HASH_KEY, 'match'],
			['as its keyed hash, another number', '92031724633', hashed('81042419835'), HASH_KEY, 'different'],
			['as its keyed hash, without the key', '81042419835', hashed('81042419835'), '', 'unreadable'],
			['masked: the visible digits agree, the rest cannot be confirmed', '81042419835', '810424*****', '', 'unreadable'],
			['masked: the visible digits differ', '92031724633', '810424*****', '', 'different'],
			['typed with letters', 'BE81042419835', '81042419835', '', 'unreadable'],
		])('verified %s', (_what, typed, verified, hashKey, expected) => {
			expect(compareNationalNumbers(typed, verified, hashKey).result).toBe(expected);
		});

		it('explains a masked verified number and never repeats its digits', () => {
			const result = check({ nationalNumber: '81042419835' }, { verified: { ...VERIFIED, nationalNumber: '810424*****' } });
			expect(result).toMatchObject({ proceed: false, nationalNumberMatch: 'unreadable' });
			expect(result.reasons).toBe(
				'National number is unreadable: the verified one is masked, so only its first 6 digits could be compared: give this step the number as is or as a keyed hash.',
			);
		});
	});

	it('writes no name, date or number into its output', () => {
		const typed = { firstName: 'Jean-Marie', lastName: 'Vandenbroeck', dateOfBirth: '04/05/1981', nationalNumber: '81.05.04-123.45' };
		const verified = { firstName: 'Jean-Marie Pierre', lastName: 'Van den Broeck', dateOfBirth: '1981-04-05', nationalNumber: '810424*****' };
		const text = JSON.stringify(check(typed, { verified, minimumAge: 18 }));
		for (const value of [...Object.values(typed), ...Object.values(verified), '1981', '810424', '12345']) {
			expect(text.toLowerCase()).not.toContain(String(value).toLowerCase());
		}
	});
});
