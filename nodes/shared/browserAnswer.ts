import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { PageContent } from './browserPage';
import { PAGE_HEADERS, renderPage } from './browserPage';

/** What the person's browser gets once their verification has ended, by final status. */
export const DEFAULT_PAGES: Record<string, PageContent> = {
	SUCCESS: { title: 'Identity verified', message: 'Thank you. Your identity has been verified; you can close this window.' },
	ABORTED: { title: 'Verification cancelled', message: 'You cancelled the verification. Nothing was shared.' },
	ERROR: { title: 'Verification failed', message: 'Something went wrong during the verification. Please try again later.' },
	CANCELLED: { title: 'Verification ended', message: 'This verification was cancelled.' },
	EXPIRED: { title: 'Verification expired', message: 'This verification link has expired. Please ask for a new one.' },
};

export const OUTCOME_OF_STATUS: Record<string, 'success' | 'abort' | 'error'> = {
	SUCCESS: 'success',
	ABORTED: 'abort',
	CANCELLED: 'abort',
	EXPIRED: 'abort',
	ERROR: 'error',
};

/** Per-outcome "final page" options: a redirect URL, or the built-in page. */
export const finalPageOptions: INodeProperties[] = (['success', 'abort', 'error'] as const).map((outcome) => ({
	displayName: `${outcome[0].toUpperCase()}${outcome.slice(1)} Redirect URL`,
	name: `${outcome}RedirectUrl`,
	type: 'string',
	default: '',
	placeholder: `https://example.com/verification/${outcome}`,
	description: `Where to send the person's browser on ${outcome}; empty shows a small built-in page`,
}));

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

/** Answers the browser for a session that has ended: the configured redirect, or the built-in page. */
export function answerFinalStatus(res: BrowserResponse, status: string, options: IDataObject, page?: PageContent): void {
	const outcome = OUTCOME_OF_STATUS[status] ?? 'error';
	const redirectUrl = String(options[`${outcome}RedirectUrl`] ?? '').trim();
	if (redirectUrl !== '' && URL.canParse(redirectUrl)) return sendRedirect(res, redirectUrl);
	sendPage(res, 200, page ?? DEFAULT_PAGES[status] ?? DEFAULT_PAGES.ERROR);
}
