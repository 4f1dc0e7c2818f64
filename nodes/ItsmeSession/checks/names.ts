import type { FieldCheck } from './fieldCheck';
import { isBlank, MATCH, missingFrom } from './fieldCheck';
import type { NameForm, NameKind } from './nameForms';
import { nameForms } from './nameForms';
import { oneTypoApart } from './oneTypo';

/** A typo makes a name close only from this many letters on: Jan and Jana, Peters and Peeters stay different. */
export const TYPO_MIN_LETTERS = 8;

const sortedWords = (form: NameForm): string => [...form.words].sort().join(' ');

/** Whether `name` is some of the names of `other` but not all: a given name among several, half of a double name. */
function isSomeOf(name: NameForm, other: NameForm): boolean {
	const { parts } = other;
	for (let start = 0; start < parts.length; start++) {
		for (let end = start + 1; end <= parts.length; end++) {
			const all = start === 0 && end === parts.length;
			if (!all && parts.slice(start, end).join('') === name.core) return true;
		}
	}
	return false;
}

/** What makes two different names close, tried in this order; `why` says it without the names. */
const CLOSE_READINGS: ReadonlyArray<{ why: string; holds: (a: NameForm, b: NameForm) => boolean }> = [
	{ why: 'written together or apart, or without its apostrophe', holds: (a, b) => a.letters === b.letters },
	{ why: "the same name with its particles (van, de, d', von, …) left out or moved", holds: (a, b) => a.core === b.core },
	{ why: 'the same names in another order', holds: (a, b) => sortedWords(a) === sortedWords(b) },
	{ why: 'one of several names', holds: (a, b) => isSomeOf(a, b) || isSomeOf(b, a) },
	{
		why: `one letter differs (a typo in a name of ${TYPO_MIN_LETTERS} letters or more)`,
		holds: (a, b) => Math.min(a.letters.length, b.letters.length) >= TYPO_MIN_LETTERS && oneTypoApart(a.letters, b.letters),
	},
];

/**
 * A typed name against the verified one: a match when they read the same once case, accents
 * (é = e; ü = u or ue), hyphens, apostrophes and spaces no longer count; close for what real names
 * do (see CLOSE_READINGS); different otherwise.
 */
export function compareNames(typed: unknown, verified: unknown, kind: NameKind): FieldCheck {
	if (isBlank(verified)) return missingFrom('verified');
	if (isBlank(typed)) return missingFrom('typed');
	if (!/\p{L}/u.test(String(typed))) return { result: 'unreadable', why: 'as typed it has no letters' };
	const typedForms = nameForms(String(typed), kind);
	const verifiedForms = nameForms(String(verified), kind);
	const pairs = typedForms.flatMap((a) => verifiedForms.map((b) => [a, b] as const));
	if (pairs.some(([a, b]) => a.words.join(' ') === b.words.join(' '))) return MATCH;
	const close = CLOSE_READINGS.find(({ holds }) => pairs.some(([a, b]) => holds(a, b)));
	return close ? { result: 'close', why: close.why } : { result: 'different' };
}
