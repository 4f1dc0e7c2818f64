/** Given names are separated by spaces ("Jean-Marie Pierre"); family names by hyphens ("Jansen-de Vries"). */
export type NameKind = 'given' | 'family';

/** A written name once case, accents, apostrophes and separators no longer count. */
export interface NameForm {
	/** Its words: "Van den Broeck" → van, den, broeck; "d'Hondt" → d', hondt; "Jean-Marie" → jean, marie. */
	words: string[];
	/** Its letters only: "vandenbroeck", "dhondt". */
	letters: string;
	/** Its letters without particles: "broeck", "hondt" (all of it when it is nothing but particles). */
	core: string;
	/** The core of each of its names: given names, or the family names of a double name. */
	parts: string[];
}

/** Words that join a family name in Belgium, the Netherlands, France and Germany, and may be left out or moved. */
const PARTICLES = new Set([
	...['van', 'von', 'vom', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'des', 'la', 'le', 'les'],
	...['het', "'t", 't', 'ten', 'ter', 'te', 'zu', 'zum', 'zur', 'op', 'in', 'aan', 'uit', 'auf', "d'", "l'"],
]);

/** Letters no accent removal turns into plain ones. */
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
const GERMAN_UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue' };

const WORD_SEPARATORS = /[\s\-‐‑–—_.,]+/u;
const PART_SEPARATORS: Record<NameKind, RegExp> = { given: /[\s,]+/u, family: /\s*[-‐‑–—]\s*/u };

/** One spelling: the umlauts as plain vowels (ü = u), or written out as in German (ü = ue). */
function spelled(name: string, umlautsWrittenOut: boolean): string {
	let text = name.normalize('NFC').toLowerCase();
	if (umlautsWrittenOut) text = text.replace(/[äöü]/g, (letter) => GERMAN_UMLAUTS[letter]);
	text = text.replace(/[ßæœøłđıþ]/g, (letter) => LIGATURES[letter]);
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[’‘`´ʼ′]/g, "'")
		.trim();
}

const isParticle = (word: string): boolean => PARTICLES.has(word);
const lettersOf = (words: string[]): string => words.join('').replace(/'/g, '');
// An apostrophe between letters ends a word: "d'hondt" is d' + hondt, as "d' Hondt" is.
const wordsOf = (text: string): string[] =>
	text
		.replace(/(?<=\p{L})'(?=\p{L})/gu, "' ")
		.split(WORD_SEPARATORS)
		.filter((word) => word !== '' && word !== "'");
const coreOf = (words: string[]): string => {
	const kept = words.filter((word) => !isParticle(word));
	return lettersOf(kept.length > 0 ? kept : words);
};

function formOf(text: string, kind: NameKind): NameForm {
	const words = wordsOf(text);
	const parts = text
		.split(PART_SEPARATORS[kind])
		.map((part) => coreOf(wordsOf(part)))
		.filter((part) => part !== '');
	return { words, letters: lettersOf(words), core: coreOf(words), parts };
}

/** The forms of a name, one per spelling of its umlauts (one form when it has none). */
export function nameForms(name: string, kind: NameKind): NameForm[] {
	const plain = formOf(spelled(name, false), kind);
	const writtenOut = formOf(spelled(name, true), kind);
	return plain.letters === writtenOut.letters ? [plain] : [plain, writtenOut];
}
