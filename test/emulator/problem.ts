import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { sendJson } from './http';

export interface InvalidParam {
	field: string;
	message: string;
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
		body.code = 'VALIDATION_ERROR';
		body.invalidParams = invalidParams;
		body.errors = Object.fromEntries(
			[...new Set(invalidParams.map((p) => p.field))].map((field) => [
				field,
				invalidParams.filter((p) => p.field === field).map((p) => p.message),
			]),
		);
	}
	sendJson(res, status, body, { 'x-trace-id': traceId, ...headers }, 'application/problem+json; charset=utf-8');
}
