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
	// What does not apply is null, as Signicat's .NET serialiser writes absent values.
	body.code = invalidParams.length > 0 ? 'validation_error' : null;
	body.invalidParams = invalidParams.length > 0 ? invalidParams : null;
	body.errors = null;
	sendJson(res, status, body, { 'x-trace-id': traceId, ...headers }, 'application/problem+json; charset=utf-8');
}
