import { sessionLanguage } from '../browser/language';
import { LINK_TOKEN_PARAM } from './linkToken';

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

export type CallbackMode = 'trigger' | 'custom' | 'resume';

/** What the callback URLs are made from, besides the mode. */
export interface CallbackSources {
	/** A node parameter by name. */
	read: (name: string) => string;
	/** n8n's URL of this very execution ($execution.resumeUrl). */
	resumeUrl: () => string;
	/** The typed Trigger URL made absolute, or why it cannot be used (see triggerUrlHere). */
	placeTriggerUrl: (typed: string) => string | InputProblem;
	/** A new link token for the session's callback URLs to this Trigger URL (see linkToken). */
	linkToken: (triggerUrl: string) => string;
}

/** The three callback URLs of a session: derived from one itsme Trigger URL or the resume URL, or typed one by one. */
export function callbackUrlsFor(mode: CallbackMode, { read, resumeUrl, placeTriggerUrl, linkToken }: CallbackSources): CallbackUrls | InputProblem {
	const language = sessionLanguage(read('options.language'), read('options.acceptLanguage')) ?? '';
	const derived = (url: string, extra: Record<string, string> = {}): CallbackUrls => {
		const withExtra = new URL(url);
		for (const [name, value] of Object.entries(extra)) withExtra.searchParams.set(name, value);
		return {
			success: withOutcome(withExtra.toString(), 'success', language),
			abort: withOutcome(withExtra.toString(), 'abort', language),
			error: withOutcome(withExtra.toString(), 'error', language),
		};
	};
	if (mode === 'resume') {
		// n8n's URL of this very execution: the Wait for Completion node after this one resumes through it.
		const url = resumeUrl();
		if (!isAbsoluteHttpUrl(url)) return { field: 'Callbacks', message: 'need the execution\'s resume URL, which n8n did not provide' };
		return derived(url);
	}
	if (mode === 'trigger') {
		const triggerUrl = placeTriggerUrl(read('triggerUrl').trim());
		if (typeof triggerUrl !== 'string') return triggerUrl;
		// The trigger checks this token before it asks Signicat anything (see linkToken).
		return derived(triggerUrl, { [LINK_TOKEN_PARAM]: linkToken(triggerUrl) });
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
