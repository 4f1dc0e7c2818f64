import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { PageContent } from './browserPage';
import { PAGE_HEADERS, renderPage } from './browserPage';

/** What the person's browser gets once their verification has ended, by final status. */
/** What a link that names no verification shows (a malformed session id, an unknown final status). */
export const NOT_A_VERIFICATION_PAGE: PageContent = { title: 'Unknown verification', message: 'This link does not belong to a verification.' };

export const DEFAULT_PAGES: Record<string, PageContent> = {
	SUCCESS: { title: 'Identity verified', message: 'Thank you. Your identity has been verified; you can close this window.' },
	ABORT: { title: 'Verification cancelled', message: 'You cancelled the verification. Nothing was shared.' },
	ERROR: { title: 'Verification failed', message: 'Something went wrong during the verification. Please try again later.' },
	CANCELLED: { title: 'Verification ended', message: 'This verification was cancelled.' },
	EXPIRED: { title: 'Verification expired', message: 'This verification link has expired. Please ask for a new one.' },
	INVALID: { title: 'Verification failed', message: 'This verification could not be completed. Please try again later.' },
};

export const OUTCOME_OF_STATUS: Record<string, 'success' | 'abort' | 'error'> = {
	SUCCESS: 'success',
	ABORT: 'abort',
	CANCELLED: 'abort',
	EXPIRED: 'abort',
	ERROR: 'error',
	INVALID: 'error',
};

const OUTCOME_LABELS = { success: 'Success', abort: 'Abort', error: 'Error' } as const;

/** Per-outcome "final page" options: a redirect URL, or the built-in page with its own words. */
export const finalPageOptions: INodeProperties[] = [
	...(['success', 'abort', 'error'] as const).flatMap((outcome): INodeProperties[] => [
		{
			displayName: `${OUTCOME_LABELS[outcome]} Redirect URL`,
			name: `${outcome}RedirectUrl`,
			type: 'string',
			default: '',
			placeholder: `https://example.com/verification/${outcome}`,
			description: `Where to send the person's browser on ${outcome}; empty shows a small built-in page`,
		},
		{
			displayName: `${OUTCOME_LABELS[outcome]} Page Title`,
			name: `${outcome}Title`,
			type: 'string',
			default: '',
			description: `Title of the built-in page on ${outcome}; empty uses a standard text`,
		},
		{
			displayName: `${OUTCOME_LABELS[outcome]} Page Message`,
			name: `${outcome}Message`,
			type: 'string',
			default: '',
			description: `Message of the built-in page on ${outcome}; empty uses a standard text`,
		},
	]),
	{
		displayName: 'Add Session to Redirect URL',
		name: 'appendSessionInfo',
		type: 'boolean',
		default: false,
		description: 'Whether to add sessionId and status to the redirect URL, for your page to look the result up',
	},
];

/** Minimal response interface shared by n8n's express response and node's ServerResponse. */
export interface BrowserResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body?: string): unknown;
}

export function sendPage(res: BrowserResponse, status: number, page: PageContent): void {
	res.writeHead(status, PAGE_HEADERS);
	res.end(renderPage(page));
}

export function sendRedirect(res: BrowserResponse, location: string): void {
	res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	res.end();
}

/** The built-in page of a final status, in the words configured for its outcome. */
export function finalPage(status: string, options: IDataObject): PageContent {
	const outcome = OUTCOME_OF_STATUS[status] ?? 'error';
	const standard = DEFAULT_PAGES[status] ?? DEFAULT_PAGES.ERROR;
	return {
		title: String(options[`${outcome}Title`] ?? '') || standard.title,
		message: String(options[`${outcome}Message`] ?? '') || standard.message,
	};
}

/** The query parameter of a final page URL: the final status, the only thing that page needs. */
export const STATUS_PARAM = 'status';

/**
 * Answers the browser for a session that has ended: the configured redirect; else a redirect to
 * `pageUrl` (a URL that keeps showing the same page on refresh, back and forward) with the status;
 * else the built-in page right here.
 */
export function answerFinalStatus(res: BrowserResponse, sessionId: string, status: string, options: IDataObject, pageUrl?: string): void {
	const outcome = OUTCOME_OF_STATUS[status] ?? 'error';
	const redirectUrl = String(options[`${outcome}RedirectUrl`] ?? '').trim();
	if (redirectUrl !== '' && URL.canParse(redirectUrl)) {
		const target = new URL(redirectUrl);
		if (options.appendSessionInfo === true) {
			target.searchParams.set('sessionId', sessionId);
			target.searchParams.set(STATUS_PARAM, status);
		}
		return sendRedirect(res, target.toString());
	}
	if (pageUrl !== undefined && URL.canParse(pageUrl)) {
		const target = new URL(pageUrl);
		target.searchParams.set(STATUS_PARAM, status);
		return sendRedirect(res, target.toString());
	}
	sendPage(res, 200, finalPage(status, options));
}
