import type { Language } from '../../nodes/shared/browser/language';
import { NBID_SUBJECT } from '../nbidExample';

/**
 * Test identities offered on the emulator's itsme page. Invented people with valid-format Belgian
 * national numbers; the first is the example person of Signicat's itsme guide, the last the
 * Norwegian BankID example person of Signicat's docs.
 */
export interface TestPerson {
	key: string;
	/** What sets the person apart, in each language of the itsme page. */
	label: Record<Language, string>;
	/** The eID the person uses; the session must allow it. */
	provider: 'itsme' | 'nbid';
	subjectId: string;
	idpId: string;
	firstName: string;
	lastName: string;
	dateOfBirth: string;
	nin: { value: string; issuingCountry: string; type: string };
	// What itsme adds; other eIDs (Norwegian BankID) give only the names, birth date and national number.
	gender?: 'male' | 'female';
	email?: string;
	phoneNumber?: string;
	nationality?: string;
	placeOfBirth?: string;
	locale?: 'nl' | 'fr' | 'de' | 'en';
	address?: { street: string; postalCode: string; city: string; region?: string; country: string };
	/** How Signicat gives the address: one line (default), or the OIDC address claim it documents for other eIDs. */
	addressShape?: 'line' | 'oidc';
	/** The eID's own keys that Signicat adds to the subject (Norwegian BankID's nbid…). */
	providerKeys?: Record<string, string>;
}

const BELGIAN = (value: string) => ({ value, issuingCountry: 'BE', type: 'PERSON' });

export const TEST_PERSONS: readonly TestPerson[] = [
	{
		key: 'maxence',
		label: { en: "Signicat's guide example", nl: 'Voorbeeld uit de gids van Signicat', fr: 'Exemple du guide de Signicat', de: 'Beispiel aus dem Leitfaden von Signicat' },
		provider: 'itsme',
		subjectId: 'tXOq9614vLHkXBkENWcZGQO02Fc98IPaHq6iRwK-ytA=',
		idpId: 'rpx5rrbsn4ktvhm3m0q4uh2iepsdat34i9vf',
		firstName: 'Maxence',
		lastName: 'Legrand',
		dateOfBirth: '1981-04-24',
		nin: BELGIAN('81042419835'),
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
		label: { en: 'Flemish, full address', nl: 'Vlaams, volledig adres', fr: 'Flamande, adresse complète', de: 'Flämisch, vollständige Adresse' },
		provider: 'itsme',
		subjectId: 'b3Jx0LwT6pV1sZf8uQk2nRmYc4dHaEiG9oJtWlXyBsA=',
		idpId: 'k2m9q4w7e1r5t8y3u6i0o2p4a7s9d1f3g5h8',
		firstName: 'Lotte',
		lastName: 'Peeters',
		dateOfBirth: '1992-03-17',
		nin: BELGIAN('92031724633'),
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
		label: { en: 'Born after 2000', nl: 'Geboren na 2000', fr: 'Né après 2000', de: 'Nach 2000 geboren' },
		provider: 'itsme',
		subjectId: 'Zq8rT1vY3uW5xA7cE9gI2kM4oQ6sU8wB0dF2hJ4lN6p=',
		idpId: 'z9x8c7v6b5n4m3l2k1j0h9g8f7d6s5a4q3w2',
		firstName: 'Youssef',
		lastName: 'El Amrani',
		dateOfBirth: '2003-09-15',
		nin: BELGIAN('03091505736'),
		gender: 'male',
		email: 'youssef.elamrani@example.test',
		phoneNumber: '+32499112233',
		nationality: 'BE',
		placeOfBirth: 'Brussel',
		locale: 'nl',
		address: { street: 'Rue Royale 45', postalCode: '1000', city: 'Bruxelles', country: 'BE' },
	},
	{
		key: 'sofie',
		label: { en: 'Address as an OIDC claim', nl: 'Adres als OIDC-claim', fr: 'Adresse sous forme de claim OIDC', de: 'Adresse als OIDC-Claim' },
		provider: 'itsme',
		subjectId: 'Q2hvY29sYXRlS291dGVyR2VudE9pZGNBZGRyZXNzMTI=',
		idpId: 'g7h2j9k4l1m6n3p8q5r0s2t7u4v9w1x6y3z8',
		firstName: 'Sofie',
		lastName: 'Claes',
		dateOfBirth: '1988-06-05',
		nin: BELGIAN('88060512464'),
		gender: 'female',
		email: 'sofie.claes@example.test',
		phoneNumber: '+32475445566',
		nationality: 'BE',
		placeOfBirth: 'Gent',
		locale: 'nl',
		address: { street: 'Kouter 1', postalCode: '9000', city: 'Gent', region: 'Oost-Vlaanderen', country: 'BE' },
		addressShape: 'oidc',
	},
	{
		key: 'kari',
		label: {
			en: 'Norwegian BankID (Signicat docs example)',
			nl: 'Noorse BankID (voorbeeld uit de documentatie van Signicat)',
			fr: 'BankID norvégien (exemple de la documentation de Signicat)',
			de: 'Norwegische BankID (Beispiel aus der Signicat-Dokumentation)',
		},
		provider: 'nbid',
		subjectId: NBID_SUBJECT.id,
		idpId: NBID_SUBJECT.idpId,
		firstName: NBID_SUBJECT.firstName,
		lastName: NBID_SUBJECT.lastName,
		dateOfBirth: NBID_SUBJECT.dateOfBirth,
		nin: NBID_SUBJECT.nin,
		providerKeys: Object.fromEntries(Object.entries(NBID_SUBJECT).filter(([key]) => key.startsWith('nbid'))) as Record<string, string>,
	},
];

export const findPerson = (key: string | undefined): TestPerson | undefined =>
	TEST_PERSONS.find((person) => person.key === key);
