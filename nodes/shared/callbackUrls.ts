export type Outcome = 'success' | 'abort' | 'error';
export const OUTCOMES: readonly Outcome[] = ['success', 'abort', 'error'];
/** The query parameter that tells the itsme Trigger which callback URL the browser came through. */
export const OUTCOME_PARAM = 'outcome';

export interface InputProblem {
	field: string;
	message: string;
}

export type CallbackUrls = Record<Outcome, string>;

const isAbsoluteHttpUrl = (value: string): boolean =>
	URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

/** `url` with `outcome=<outcome>` added, keeping any query it already has. */
export function withOutcome(url: string, outcome: Outcome): string {
	const parsed = new URL(url);
	parsed.searchParams.set(OUTCOME_PARAM, outcome);
	return parsed.toString();
}

/**
 * The three callback URLs of a session: derived from one itsme Trigger URL, or typed one by one.
 * `read` returns a node parameter by name.
 */
export type CallbackMode = 'trigger' | 'custom' | 'resume';

export function callbackUrlsFor(
	mode: CallbackMode,
	read: (name: string) => string,
	resumeUrl: () => string,
): CallbackUrls | InputProblem {
	if (mode === 'resume') {
		// n8n's URL of this very execution: the Wait for Completion node after this one resumes through it.
		const url = resumeUrl();
		if (!isAbsoluteHttpUrl(url)) return { field: 'Callbacks', message: 'need the execution\'s resume URL, which n8n did not provide' };
		return { success: withOutcome(url, 'success'), abort: withOutcome(url, 'abort'), error: withOutcome(url, 'error') };
	}
	if (mode === 'trigger') {
		const triggerUrl = read('triggerUrl').trim();
		if (!isAbsoluteHttpUrl(triggerUrl)) {
			return { field: 'Trigger URL', message: 'must be an absolute http(s) URL, e.g. the production URL of the itsme Trigger node' };
		}
		return { success: withOutcome(triggerUrl, 'success'), abort: withOutcome(triggerUrl, 'abort'), error: withOutcome(triggerUrl, 'error') };
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
