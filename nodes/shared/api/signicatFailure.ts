import type { Failure } from 'n8n-workflow';

/**
 * Why a request to Signicat failed, for the team (execution errors, logs, event answers) and for the
 * person's pages, which must not blame Signicat for a wrong client secret.
 */
export type SignicatFailure =
	/** The token endpoint refused the Client ID and Client Secret (invalid_client, 401). */
	| 'credentials-rejected'
	/** The Base URL is refused (e.g. http:// to a public host) or does not lead to Signicat's API. */
	| 'configuration-invalid'
	/** No answer: connection refused, host not found, timed out. */
	| 'signicat-unreachable'
	/** Signicat answered 429 or 5xx (after the retries). */
	| 'signicat-failing'
	/** 404: Signicat has no such session for this account. */
	| 'unknown-session'
	/** Any other refusal of this one request (400, 403, 409, …). */
	| 'request-refused';

/** Short words for logs and event answers: what happened, never a secret or personal data. */
export const SIGNICAT_FAILURE_TEXT: Record<SignicatFailure, string> = {
	'credentials-rejected': 'Signicat rejected the client credentials: check the Client ID and Client Secret of the Signicat API credential',
	'configuration-invalid': 'the Base URL of the Signicat API credential is refused or does not lead to Signicat',
	'signicat-unreachable': 'Signicat could not be reached',
	'signicat-failing': 'Signicat answered with an error',
	'unknown-session': 'Signicat has no such session',
	'request-refused': 'Signicat refused the request',
};

/** The property by which our own errors say which failure they are (read without instanceof: n8n may load two copies). */
const MARK = 'signicatFailure';

/** Marks an error with its cause, so that every reader of it classifies it the same way. */
export function markFailure<E extends Error>(error: E, failure: SignicatFailure): E {
	(error as unknown as Record<string, unknown>)[MARK] = failure;
	return error;
}

/** The cause one of our errors was marked with, anywhere in n8n's wrapping (it keeps the original as `cause`). */
export function markedFailureOf(error: unknown): SignicatFailure | undefined {
	for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const mark = (current as Record<string, unknown>)[MARK];
		if (typeof mark === 'string') return mark as SignicatFailure;
		current = (current as Record<string, unknown>).cause;
	}
	return undefined;
}

/** The HTTP status of a failed request, wherever n8n's wrapping put it. */
function statusOf(error: unknown): number | undefined {
	for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const record = current as { response?: { status?: unknown }; httpCode?: unknown; cause?: unknown };
		const status = Number(record.response?.status ?? record.httpCode ?? NaN);
		if (Number.isInteger(status) && status >= 100) return status;
		current = record.cause;
	}
	return undefined;
}

/** Classifies any error of a request to Signicat: by its mark, else by the HTTP status. */
export function signicatFailureOf(error: unknown): SignicatFailure {
	const marked = markedFailureOf(error);
	if (marked) return marked;
	const status = statusOf(error);
	if (status === undefined) return 'signicat-unreachable';
	if (status === 404) return 'unknown-session';
	if (status === 401) return 'credentials-rejected';
	if (status === 429 || status >= 500) return 'signicat-failing';
	return 'request-refused';
}

/** The same cause in n8n's own vocabulary (NodeApiError's `failure`), for n8n's error handling. */
export function n8nFailureOf(failure: SignicatFailure): Failure | undefined {
	switch (failure) {
		case 'credentials-rejected':
			return { cause: 'credential-invalid' };
		case 'configuration-invalid':
			return { cause: 'configuration-invalid' };
		case 'signicat-unreachable':
		case 'signicat-failing':
			return { cause: 'temporarily-unavailable' };
		default:
			return undefined;
	}
}
