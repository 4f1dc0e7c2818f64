import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Outcome } from '../callbacks/callbackUrls';
import { isAbsoluteHttpUrl, LANGUAGE_PARAM } from '../callbacks/callbackUrls';
import type { Language } from './language';
import { chooseLanguage } from './language';
import type { PageContent } from './page';
import { PAGE_HEADERS, renderPage } from './page';
import { ownPageText, startAgainUrl } from './pageOptions';
import type { PageKind } from './texts';
import { TEXTS } from './texts';

/** Minimal response interface shared by n8n's express response and node's ServerResponse. */
export interface BrowserResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	setHeader(name: string, value: string): unknown;
	end(body?: string): unknown;
	/** Set once the answer is written, by the node or by n8n. */
	readonly statusCode: number;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** The query parameter of a final page URL that names the final status. */
export const STATUS_PARAM = 'status';

const OUTCOME_OF_STATUS: Record<string, Outcome> = {
	SUCCESS: 'success',
	ABORT: 'abort',
	CANCELLED: 'abort',
	EXPIRED: 'abort',
	ERROR: 'error',
	INVALID: 'error',
};

/** The outcome (Trigger On, the per-outcome options) of a final status; an unknown one is an error. */
export const outcomeOfStatus = (status: string): Outcome => OUTCOME_OF_STATUS[status] ?? 'error';

/** The built-in page of each final status. */
const PAGE_OF_STATUS: Record<string, PageKind> = {
	SUCCESS: 'verified',
	ABORT: 'cancelled',
	CANCELLED: 'stopped',
	EXPIRED: 'expired',
	ERROR: 'failed',
	INVALID: 'failed',
};
export const FINAL_STATUSES = Object.keys(PAGE_OF_STATUS);

/**
 * The language of the page for this request: the one the workflow chose (on the callback URL), the
 * browser's Accept-Language, the session's (when read), English.
 */
export function pageLanguage(context: IWebhookFunctions, session?: object): Language {
	return chooseLanguage({
		// Signicat returns `language` on the session (it passes through the session schema).
		session: (session as { language?: unknown } | undefined)?.language,
		link: (context.getQueryData() as IDataObject)[LANGUAGE_PARAM],
		acceptLanguage: context.getHeaderData()['accept-language'],
	});
}

export function sendPage(res: BrowserResponse, status: number, page: PageContent, language: Language): void {
	res.writeHead(status, { ...PAGE_HEADERS, 'content-language': language });
	res.end(renderPage(page, language));
}

/** One of the built-in pages, in the person's language. */
export function sendBuiltInPage(res: BrowserResponse, status: number, kind: PageKind, language: Language, action?: PageContent['action']): void {
	sendPage(res, status, { ...TEXTS[language].pages[kind], action }, language);
}

/** The headers of a redirect the browser follows at once and keeps nowhere. */
export const redirectHeaders = (location: string): Record<string, string> => ({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });

export function sendRedirect(res: BrowserResponse, location: string): void {
	res.writeHead(303, redirectHeaders(location));
	res.end();
}

/**
 * The page of a final status: the team's own words for its outcome in that language, else the
 * built-in text; on abort and error, the team's link to start again, if it gave one.
 */
export function finalPage(status: string, options: IDataObject, language: Language): PageContent {
	const outcome = outcomeOfStatus(status);
	const builtIn = TEXTS[language].pages[PAGE_OF_STATUS[status] ?? 'failed'];
	const page: PageContent = {
		title: ownPageText(options, outcome, language, 'title') || builtIn.title,
		message: ownPageText(options, outcome, language, 'message') || builtIn.message,
	};
	const startAgain = outcome === 'success' ? '' : startAgainUrl(options, outcome, language);
	// A URL that is not http(s) never reaches the browser, like a redirect URL.
	return isAbsoluteHttpUrl(startAgain) ? { ...page, action: { href: startAgain, label: TEXTS[language].startAgain } } : page;
}

/** `pageUrl` of finalStatusLocation for a page at the very URL the browser asked for, with another query. */
export const THIS_PATH = '';

/**
 * Where the browser goes for a session that has ended: the configured redirect; else `pageUrl` (a
 * URL that keeps showing the same page on refresh, back and forward, or THIS_PATH) with the status
 * and language; else undefined: the built-in page right here.
 */
export function finalStatusLocation(sessionId: string, status: string, options: IDataObject, language: Language, pageUrl?: string): string | undefined {
	const outcome = outcomeOfStatus(status);
	const redirectUrl = String(options[`${outcome}RedirectUrl`] ?? '').trim();
	// A URL that is not http(s) never reaches the browser (nodes refuse it before waiting or on activation).
	if (isAbsoluteHttpUrl(redirectUrl)) {
		const target = new URL(redirectUrl);
		if (options.appendSessionInfo === true) {
			target.searchParams.set('sessionId', sessionId);
			target.searchParams.set(STATUS_PARAM, status);
			target.searchParams.set(LANGUAGE_PARAM, language);
		}
		return target.toString();
	}
	const pageQuery = new URLSearchParams({ [STATUS_PARAM]: status, [LANGUAGE_PARAM]: language });
	// A relative reference: the browser keeps the path it came by, whatever proxy put it there.
	if (pageUrl === THIS_PATH) return `?${pageQuery}`;
	if (pageUrl === undefined || !URL.canParse(pageUrl)) return undefined;
	const target = new URL(pageUrl);
	for (const [name, value] of pageQuery) target.searchParams.set(name, value);
	return target.toString();
}

/** Answers the browser for a session that has ended, at finalStatusLocation or with the built-in page. */
export function answerFinalStatus(
	res: BrowserResponse,
	sessionId: string,
	status: string,
	options: IDataObject,
	language: Language,
	pageUrl?: string,
): void {
	const location = finalStatusLocation(sessionId, status, options, language, pageUrl);
	if (location !== undefined) return sendRedirect(res, location);
	sendPage(res, 200, finalPage(status, options, language), language);
}
