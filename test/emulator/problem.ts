import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { sendJson } from './http';

/** One failing field, as Signicat's API names it: `name` of the field and the `reason`. */
export interface InvalidParam {
	name: string;
	reason: string;
}

/** Signicat's error body (problem details with a trace id and, for validation, the failing fields). */
export function sendProblem(
	res: ServerResponse,
	status: number,
	title: string,
	detail: string,
	invalidParams: InvalidParam[] = [],
	headers: Record<string, string> = {},
): void {
	const traceId = randomBytes(16).toString('hex');
	const body: Record<string, unknown> = {
		type: `https://developer.signicat.com/docs/errors/#${status}`,
		title,
		status,
		detail,
		traceId,
	};
	if (invalidParams.length > 0) {
		body.code = 'validation_error';
		body.invalidParams = invalidParams;
	}
	sendJson(res, status, body, { 'x-trace-id': traceId, ...headers }, 'application/problem+json; charset=utf-8');
}
