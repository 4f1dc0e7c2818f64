/**
 * Test identities offered on the emulator's itsme page. Invented people with valid-format Belgian
 * national numbers; the first is the example person of Signicat's itsme guide.
 */
export interface TestPerson {
	key: string;
	label: string;
	subjectId: string;
	idpId: string;
	firstName: string;
	lastName: string;
	dateOfBirth: string;
	nin: string;
	gender: 'male' | 'female';
	email: string;
	phoneNumber: string;
	nationality: string;
	placeOfBirth: string;
	locale: 'nl' | 'fr' | 'de' | 'en';
	address: { street: string; postalCode: string; city: string; country: string };
}

export const TEST_PERSONS: readonly TestPerson[] = [
	{
		key: 'maxence',
		label: "Signicat's guide example",
		subjectId: 'tXOq9614vLHkXBkENWcZGQO02Fc98IPaHq6iRwK-ytA=',
		idpId: 'rpx5rrbsn4ktvhm3m0q4uh2iepsdat34i9vf',
		firstName: 'Maxence',
		lastName: 'Legrand',
		dateOfBirth: '1981-04-24',
		nin: '81042419835',
		gender: 'male',
		email: 'maxence.legrand@example.test',
		phoneNumber: '+32470123456',
		nationality: 'BE',
		placeOfBirth: 'Namur',
		locale: 'fr',
		address: { street: 'Rue de Fer 12', postalCode: '5000', city: 'Namur', country: 'BE' },
	},
	{
		key: 'lotte',
		label: 'Flemish, full address',
		subjectId: 'b3Jx0LwT6pV1sZf8uQk2nRmYc4dHaEiG9oJtWlXyBsA=',
		idpId: 'k2m9q4w7e1r5t8y3u6i0o2p4a7s9d1f3g5h8',
		firstName: 'Lotte',
		lastName: 'Peeters',
		dateOfBirth: '1992-03-17',
		nin: '92031724633',
		gender: 'female',
		email: 'lotte.peeters@example.test',
		phoneNumber: '+32478987654',
		nationality: 'BE',
		placeOfBirth: 'Leuven',
		locale: 'nl',
		address: { street: 'Bondgenotenlaan 100', postalCode: '3000', city: 'Leuven', country: 'BE' },
	},
	{
		key: 'youssef',
		label: 'Born after 2000',
		subjectId: 'Zq8rT1vY3uW5xA7cE9gI2kM4oQ6sU8wB0dF2hJ4lN6p=',
		idpId: 'z9x8c7v6b5n4m3l2k1j0h9g8f7d6s5a4q3w2',
		firstName: 'Youssef',
		lastName: 'El Amrani',
		dateOfBirth: '2003-09-15',
		nin: '03091505736',
		gender: 'male',
		email: 'youssef.elamrani@example.test',
		phoneNumber: '+32499112233',
		nationality: 'BE',
		placeOfBirth: 'Brussel',
		locale: 'nl',
		address: { street: 'Rue Royale 45', postalCode: '1000', city: 'Bruxelles', country: 'BE' },
	},
];

export const findPerson = (key: string | undefined): TestPerson | undefined =>
	TEST_PERSONS.find((person) => person.key === key);
