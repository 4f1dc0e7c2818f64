import { languageOf } from '../browser/language';

export type Outcome = 'success' | 'abort' | 'error';
export const OUTCOMES: readonly Outcome[] = ['success', 'abort', 'error'];
/** The query parameter that tells the itsme Trigger which callback URL the browser came through. */
export const OUTCOME_PARAM = 'outcome';
/** The query parameter of derived callback URLs and final pages that names the page's language. */
export const LANGUAGE_PARAM = 'language';

export interface InputProblem {
	field: string;
	message: string;
}

export type CallbackUrls = Record<Outcome, string>;

/**
 * The outcome a callback URL claims: its `outcome` (as Create Session writes it) or `status` (as in
 * Signicat's guide), only when it is one of the known outcomes. Never believed for the result, only
 * reported as `callbackOutcome`; any other text in the URL is not passed on.
 */
export function claimedOutcome(query: Record<string, unknown>): Outcome | undefined {
	const claims = [query[OUTCOME_PARAM], query.status];
	return claims.find((claim): claim is Outcome => typeof claim === 'string' && (OUTCOMES as readonly string[]).includes(claim));
}

/** An absolute http(s) URL: the only kind a browser is ever sent to (never javascript:, data:, …). */
export const isAbsoluteHttpUrl = (value: string): boolean =>
	URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

/** `url` with `outcome=<outcome>` (and the session's `language`, when chosen) added, keeping any query it already has. */
export function withOutcome(url: string, outcome: Outcome, language = ''): string {
	const parsed = new URL(url);
	parsed.searchParams.set(OUTCOME_PARAM, outcome);
	// The page the browser lands on then speaks the session's language even when Signicat cannot be read.
	if (language !== '') parsed.searchParams.set(LANGUAGE_PARAM, language);
	return parsed.toString();
}

/**
 * The three callback URLs of a session: derived from one itsme Trigger URL, or typed one by one.
 * `read` returns a node parameter by name; `placeTriggerUrl` makes the typed Trigger URL absolute
 * and refuses one that leads to another n8n (see triggerUrlHere.ts).
 */
export type CallbackMode = 'trigger' | 'custom' | 'resume';

export function callbackUrlsFor(
	mode: CallbackMode,
	read: (name: string) => string,
	resumeUrl: () => string,
	placeTriggerUrl: (typed: string) => string | InputProblem,
): CallbackUrls | InputProblem {
	const language = languageOf(read('options.language')) ?? '';
	const derived = (url: string): CallbackUrls => ({
		success: withOutcome(url, 'success', language),
		abort: withOutcome(url, 'abort', language),
		error: withOutcome(url, 'error', language),
	});
	if (mode === 'resume') {
		// n8n's URL of this very execution: the Wait for Completion node after this one resumes through it.
		const url = resumeUrl();
		if (!isAbsoluteHttpUrl(url)) return { field: 'Callbacks', message: 'need the execution\'s resume URL, which n8n did not provide' };
		return derived(url);
	}
	if (mode === 'trigger') {
		const triggerUrl = placeTriggerUrl(read('triggerUrl').trim());
		return typeof triggerUrl === 'string' ? derived(triggerUrl) : triggerUrl;
	}
	const urls = {} as CallbackUrls;
	for (const outcome of OUTCOMES) {
		const value = read(`${outcome}Url`).trim();
		const label = `${outcome[0].toUpperCase()}${outcome.slice(1)} URL`;
		if (!isAbsoluteHttpUrl(value)) return { field: label, message: 'must be an absolute http(s) URL' };
		urls[outcome] = value;
	}
	return urls;
}
