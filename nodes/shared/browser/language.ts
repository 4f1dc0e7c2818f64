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

export interface LanguageClues {
	/** `language` of the session Signicat returned: the language the person went through itsme in. */
	session?: unknown;
	/** `language` of the callback URL, put there by Create Session: known even when Signicat cannot be read. */
	link?: unknown;
	/** The browser's Accept-Language header. */
	acceptLanguage?: unknown;
}

/** The session's language; else the link's; else the first the browser accepts that we speak; else English. */
export function chooseLanguage({ session, link, acceptLanguage }: LanguageClues): Language {
	const fromBrowser = typeof acceptLanguage === 'string' ? acceptedLanguages(acceptLanguage).map(languageOf) : [];
	return [languageOf(session), languageOf(link), ...fromBrowser].find((language) => language !== undefined) ?? DEFAULT_LANGUAGE;
}
