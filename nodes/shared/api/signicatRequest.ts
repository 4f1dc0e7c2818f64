import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import { normalizeBaseUrl, restUrl } from '../auth/baseUrl';
import { clientOf, tokenToSend } from '../auth/sharedToken';
import { executionCredential } from './executionCredential';
import { problemSchema } from './schemas';
import { markedFailureOf, markFailure, n8nFailureOf, signicatFailureOf } from './signicatFailure';
import { sleepUnlessAborted } from './sleepUnlessAborted';
import { withinBudget } from './webhookBudget';
import { withoutNulls } from './withoutNulls';

type Context = IExecuteFunctions | IWebhookFunctions;

export interface SignicatCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	itemIndex: number;
	/** Aborted when the node stops after another item's failure: the current request ends, no retry follows. */
	stopRetries?: AbortSignal;
	/** Inside a webhook call: the whole call (token, request, retries) ends within this many ms. */
	budgetMs?: number;
}

const MAX_ATTEMPTS = 5;
const MAX_WAIT_MS = 30_000;
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

interface HttpFailure {
	status?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

/** Status, headers and body of a failed request, wherever n8n's error wrapping put them. */
function failureOf(error: unknown): HttpFailure {
	const wrapped = error as { httpCode?: string; cause?: { response?: { status?: number; headers?: Record<string, unknown>; data?: unknown } } };
	const response = wrapped.cause?.response;
	const status = response?.status ?? (wrapped.httpCode ? Number(wrapped.httpCode) : undefined);
	return { status: Number.isFinite(status) ? status : undefined, headers: response?.headers, body: response?.data };
}

/** Milliseconds to wait before the next attempt: Signicat's Retry-After, or exponential backoff. */
export function retryDelayMs(attempt: number, retryAfter: unknown, now = Date.now()): number {
	const header = typeof retryAfter === 'string' || typeof retryAfter === 'number' ? String(retryAfter).trim() : '';
	if (/^\d+(\.\d+)?$/.test(header)) return Math.min(Number(header) * 1000, MAX_WAIT_MS);
	const date = header ? Date.parse(header) : NaN;
	if (Number.isFinite(date)) return Math.min(Math.max(date - now, 0), MAX_WAIT_MS);
	return Math.min(200 * 2 ** attempt, MAX_WAIT_MS);
}

function apiError(context: Context, error: unknown, failure: HttpFailure, call: SignicatCall): NodeApiError {
	const cause = signicatFailureOf(error);
	// n8n already wrapped the HTTP error; wrapping that again would keep n8n's generic message.
	const original = (error instanceof NodeApiError && error.cause ? error.cause : error) as JsonObject;
	const request = `Request: ${call.method} ${call.path}`;
	if (markedFailureOf(error)) {
		// No token, so nothing was sent: the token request's own words say why (rejected credentials, wrong Base URL, …).
		const wrapped = new NodeApiError(context.getNode(), original, {
			message: (original as unknown as Error).message,
			description: `Item ${call.itemIndex} was not sent to Signicat: no access token. ${request}`,
			itemIndex: call.itemIndex,
			failure: n8nFailureOf(cause),
		});
		return markFailure(wrapped, cause);
	}
	const parsed = typeof failure.body === 'string' ? safeJson(failure.body) : failure.body;
	const problem = problemSchema.safeParse(withoutNulls(parsed));
	const details = problem.success ? problem.data : {};
	const fields = [
		...(details.invalidParams ?? []).map((p) => `${p.name ?? p.field ?? 'request'}: ${p.reason ?? p.message ?? 'invalid'}`),
		...(details.invalidParams ? [] : Object.entries(details.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`)),
	];
	const what = failure.status ? `Signicat answered ${failure.status}` : 'Signicat could not be reached';
	const summary = details.title ?? details.detail ?? (error as Error).message;
	const description = [
		details.detail && details.detail !== summary ? details.detail : undefined,
		fields.length ? `Fields: ${fields.join('; ')}` : undefined,
		details.traceId ? `Signicat trace id: ${details.traceId}` : undefined,
		request,
	]
		.filter(Boolean)
		.join('\n');
	const wrapped = new NodeApiError(context.getNode(), original, {
		message: `${what} (item ${call.itemIndex}): ${summary}`,
		description,
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: call.itemIndex,
		failure: n8nFailureOf(cause),
	});
	return markFailure(wrapped, cause);
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * One call to Signicat's REST API with the credential's token (n8n refreshes it once on a 401),
 * retrying 429 and 5xx answers with Retry-After or backoff, and checking the answer's shape.
 * With a budget, every request has a timeout and the whole call ends within it (see webhookBudget).
 */
export async function signicatRequest<T>(context: Context, call: SignicatCall, schema: z.ZodType<T>): Promise<T> {
	if (call.budgetMs === undefined) return await requestWithRetries(context, call, schema);
	return await withinBudget(context.getNode(), call.budgetMs, `${call.method} ${call.path}`, async (deadline) =>
		await requestWithRetries(context, call, schema, deadline),
	);
}

async function requestWithRetries<T>(context: Context, call: SignicatCall, schema: z.ZodType<T>, deadline?: number): Promise<T> {
	const credential = await executionCredential(context);
	const url = `${restUrl(normalizeBaseUrl(credential.latest.baseUrl))}${call.path}`;
	const signal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;

	for (let attempt = 0; ; attempt++) {
		// A wrong client secret over 50 items is one token request, not one per item or per batch.
		if (credential.tokenFailure) throw apiError(context, credential.tokenFailure, {}, call);
		let answer: unknown;
		// Each request gets its own copy: n8n writes a renewed token into it, and a request that
		// failed with the old token must still report that one (see sharedToken).
		const data = { ...credential.latest };
		const token = tokenToSend(clientOf(data), String(data.accessToken ?? ''));
		data.accessToken = typeof token === 'string' ? token : await token;
		try {
			answer = await context.helpers.httpRequestWithAuthentication.call(
				context,
				'signicatApi',
				// A socket that stays silent past the deadline is closed rather than left to Signicat.
				{ method: call.method, url, body: call.body, json: true, timeout: deadline && Math.max(1, deadline - Date.now()) },
				{ credentialsDecrypted: { id: credential.id, name: credential.name, type: 'signicatApi', data } },
			);
			credential.latest = data;
		} catch (error) {
			if (markedFailureOf(error)) credential.tokenFailure ??= error;
			const failure = failureOf(error);
			const retriable = failure.status !== undefined && RETRIED_STATUSES.has(failure.status);
			const delay = retryDelayMs(attempt, failure.headers?.['retry-after']);
			const pastDeadline = deadline !== undefined && Date.now() + delay >= deadline;
			if (!retriable || attempt + 1 >= MAX_ATTEMPTS || pastDeadline || call.stopRetries?.aborted) throw apiError(context, error, failure, call);
			const waitEnds = AbortSignal.any([signal, call.stopRetries].filter((s): s is AbortSignal => s !== undefined));
			await sleepUnlessAborted(delay, waitEnds).catch((aborted: unknown) => {
				// The node is stopping after another item's failure: this item ends with its own last answer.
				throw call.stopRetries?.aborted ? apiError(context, error, failure, call) : aborted;
			});
			continue;
		}
		const parsed = schema.safeParse(withoutNulls(answer));
		if (!parsed.success) {
			const where = parsed.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
			throw new NodeOperationError(context.getNode(), `Signicat's answer to ${call.method} ${call.path} has an unexpected shape (${where})`, {
				itemIndex: call.itemIndex,
			});
		}
		return parsed.data;
	}
}
