/** The languages of the pages the person's browser sees: those of Create Session's Language option. */
export const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** `nl`, `NL`, `nl-BE`, `nl_BE` → `nl`; anything else → undefined. */
export function languageOf(tag: unknown): Language | undefined {
	if (typeof tag !== 'string') return undefined;
	const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
	return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/** The language tags of an Accept-Language header, most wanted first (weights, then order); q=0 is "not this one". */
export function acceptedLanguages(header: string): string[] {
	return header
		.split(',')
		.map((part, index) => {
			const [tag, ...params] = part.split(';').map((piece) => piece.trim());
			const q = params.find((param) => /^q=/i.test(param));
			const weight = q === undefined ? 1 : Number(q.slice(2));
			return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
		})
		.filter(({ tag, weight }) => tag !== '' && tag !== '*' && weight > 0)
		.sort((a, b) => b.weight - a.weight || a.index - b.index)
		.map(({ tag }) => tag);
}

/** The first language of an Accept-Language header that we speak (weights and regions count), or undefined. */
export function browserLanguage(acceptLanguage: unknown): Language | undefined {
	if (typeof acceptLanguage !== 'string') return undefined;
	return acceptedLanguages(acceptLanguage).map(languageOf).find((language) => language !== undefined);
}

/**
 * The language a workflow chose for a session: Create Session's Language option, else the best of
 * the person's browser languages it was given (an Accept-Language value); undefined when neither names
 * one we speak, and Signicat then falls back to English.
 */
export function sessionLanguage(language: unknown, acceptLanguage: unknown): Language | undefined {
	return languageOf(language) ?? browserLanguage(acceptLanguage);
}

export interface LanguageClues {
	/** `language` of the session Signicat returned: English too when the workflow chose none. */
	session?: unknown;
	/** `language` of the callback URL: Create Session puts it there only when the workflow chose one. */
	link?: unknown;
	/** The browser's Accept-Language header. */
	acceptLanguage?: unknown;
}

/**
 * The language a workflow chose (on the callback URL); else the first the browser accepts that we
 * speak; else the session's at Signicat; else English. The session's comes after the browser's
 * because Signicat reports English for a session made without a language, which says nothing
 * about the person.
 */
export function chooseLanguage({ session, link, acceptLanguage }: LanguageClues): Language {
	return languageOf(link) ?? browserLanguage(acceptLanguage) ?? languageOf(session) ?? DEFAULT_LANGUAGE;
}
