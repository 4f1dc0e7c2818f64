import type { MatchResult } from '../../nodes/ItsmeSession/checks/fieldCheck';
import { compareNames } from '../../nodes/ItsmeSession/checks/names';
import type { NameKind } from '../../nodes/ItsmeSession/checks/nameForms';

/** What the person typed, what itsme verified, which name it is, the result, and (for close) the reason's key words. */
type NamePair = [typed: string, verified: string, kind: NameKind, expected: MatchResult, why?: RegExp];

const JOINED = /written together or apart/;
const PARTICLES = /particles/;
const ORDER = /another order/;
const SOME_OF = /one of several names/;
const TYPO = /one letter differs/;

// Written from the naming patterns of Belgium, the Netherlands, France and Germany.
const BELGIAN: NamePair[] = [
	['VAN DEN BROECK', 'Van den Broeck', 'family', 'match'],
	['van den broeck', 'Van den Broeck', 'family', 'match'],
	['Vandenbroeck', 'Van den Broeck', 'family', 'close', JOINED],
	['Vanden Broeck', 'Van den Broeck', 'family', 'close', JOINED],
	['Broeck', 'Van den Broeck', 'family', 'close', PARTICLES],
	['Broeck, Van den', 'Van den Broeck', 'family', 'close', PARTICLES],
	["D'Hondt", "d'Hondt", 'family', 'match'],
	['d’Hondt', "d'Hondt", 'family', 'match'],
	['Dhondt', "d'Hondt", 'family', 'close', JOINED],
	['Desmet', 'De Smet', 'family', 'close', JOINED],
	['Smet', 'De Smet', 'family', 'close', PARTICLES],
	['Opdebeeck', 'Op de Beeck', 'family', 'close', JOINED],
	['Jean-Marie', 'Jean-Marie Pierre', 'given', 'close', SOME_OF],
	['Jean Marie', 'Jean-Marie', 'given', 'match'],
	['Pierre', 'Jean-Marie Pierre Louis', 'given', 'close', SOME_OF],
	['Marie', 'Jean-Marie', 'given', 'different'],
	['Jan', 'Jana', 'given', 'different'],
	['Jana', 'Jan', 'given', 'different'],
	['Peters', 'Peeters', 'family', 'different'],
	['Janssen', 'Janssens', 'family', 'different'],
	['Vandenbroek', 'Vandenbroeck', 'family', 'close', TYPO],
	['Verhaegen', 'Verhaeghe', 'family', 'different'],
	['Maes', 'Claes', 'family', 'different'],
];

const DUTCH: NamePair[] = [
	['van der Meer', 'Van der Meer', 'family', 'match'],
	['Meer', 'van der Meer', 'family', 'close', PARTICLES],
	['Meer, van der', 'van der Meer', 'family', 'close', PARTICLES],
	["van 't Hof", 'van het Hof', 'family', 'close', PARTICLES],
	["In 't Veld", "in 't Veld", 'family', 'match'],
	['Jansen', 'Jansen-de Vries', 'family', 'close', SOME_OF],
	['de Vries-Jansen', 'Jansen', 'family', 'close', SOME_OF],
	['Jansen de Vries', 'Jansen-de Vries', 'family', 'match'],
	['de Vries', 'Jansen', 'family', 'different'],
	['Geert Jan', 'Geert-Jan', 'given', 'match'],
	['Henk', 'Hendrik', 'given', 'different'],
	['Wilhelmina Johanna', 'Johanna Wilhelmina', 'given', 'close', ORDER],
];

const FRENCH: NamePair[] = [
	['LEFEVRE', 'Lefèvre', 'family', 'match'],
	['Francois', 'François', 'given', 'match'],
	['Helene', 'Hélène', 'given', 'match'],
	['Delafontaine', 'de La Fontaine', 'family', 'close', JOINED],
	['Fontaine', 'de La Fontaine', 'family', 'close', PARTICLES],
	['Claire-Marie', 'Marie-Claire', 'given', 'close', ORDER],
	['Dupond', 'Dupont', 'family', 'different'],
	['Dupont', 'Martin-Dupont', 'family', 'close', SOME_OF],
	['Jean-Baptiste', 'Jean-Baptiste Marie Joseph', 'given', 'close', SOME_OF],
	['Lecuyer', "L'Écuyer", 'family', 'close', JOINED],
	['Beaumarchias', 'Beaumarchais', 'family', 'close', TYPO],
	['Martin', 'Bernard', 'family', 'different'],
];

const GERMAN: NamePair[] = [
	['Mueller', 'Müller', 'family', 'match'],
	['Muller', 'Müller', 'family', 'match'],
	['Müller', 'Mueller', 'family', 'match'],
	['Muller', 'Mueller', 'family', 'different'],
	['Schroeder', 'Schröder', 'family', 'match'],
	['Weiss', 'Weiß', 'family', 'match'],
	['Goethe', 'von Goethe', 'family', 'close', PARTICLES],
	['Guttenberg', 'zu Guttenberg', 'family', 'close', PARTICLES],
	['Müller', 'Müller-Lüdenscheidt', 'family', 'close', SOME_OF],
	['Karlheinz', 'Karl-Heinz', 'given', 'close', JOINED],
	['Peter Hans', 'Hans Peter', 'given', 'close', ORDER],
	['Schwarzeneger', 'Schwarzenegger', 'family', 'close', TYPO],
	['Schmitt', 'Schmidt', 'family', 'different'],
	['Jürgen', 'Jörg', 'given', 'different'],
];

// Every row with five entries: jest would hand a shorter row's missing fifth argument over as its done callback.
const TABLE = [...BELGIAN, ...DUTCH, ...FRENCH, ...GERMAN].map(([typed, verified, kind, expected, why]) => [typed, verified, kind, expected, why ?? null] as const);

describe('names: the typed name against the verified one', () => {
	it('holds at least 40 pairs, with matches, close ones and different ones', () => {
		expect(TABLE.length).toBeGreaterThanOrEqual(40);
		for (const result of ['match', 'close', 'different']) expect(TABLE.filter((pair) => pair[3] === result).length).toBeGreaterThanOrEqual(8);
	});

	it.each(TABLE)('%s against %s (%s name): %s', (typed, verified, kind, expected, why) => {
		const check = compareNames(typed, verified, kind);
		expect(check.result).toBe(expected);
		if (why) expect(check.why).toMatch(why);
	});

	it.each(TABLE)('%s against %s: the same the other way round', (typed, verified, kind, expected) => {
		expect(compareNames(verified, typed, kind).result).toBe(expected);
	});

	it('never says the names in the reason', () => {
		for (const [typed, verified, kind] of TABLE) {
			const why = compareNames(typed, verified, kind).why ?? '';
			for (const name of [typed, verified]) expect(why.toLowerCase()).not.toContain(name.toLowerCase());
		}
	});

	it('says which side is missing a name, and a typed name without letters cannot be read', () => {
		expect(compareNames('', 'Legrand', 'family')).toEqual({ result: 'missing', why: 'missing from the application' });
		expect(compareNames('  ', 'Legrand', 'family')).toEqual({ result: 'missing', why: 'missing from the application' });
		expect(compareNames('Legrand', undefined, 'family')).toEqual({ result: 'missing', why: 'missing from the verified person' });
		expect(compareNames('Legrand', null, 'family')).toEqual({ result: 'missing', why: 'missing from the verified person' });
		expect(compareNames('1234', 'Legrand', 'family')).toEqual({ result: 'unreadable', why: 'as typed it has no letters' });
	});
});
