import type { InvalidParam } from './problem';
import {
	EXTERNAL_REFERENCE_MAX_LENGTH,
	FLOWS,
	ITSME_ATTRIBUTES,
	LOAS,
	PREFILLED_INPUT_FIELDS,
	PROVIDER_NAME_MAX_LENGTH,
	SESSION_LIFETIME,
	TAGS,
} from './spec';

export interface SessionRequest {
	allowedProviders?: string[];
	flow: (typeof FLOWS)[number];
	callbackUrls?: { success: string; abort: string; error: string };
	requestedAttributes: string[];
	requestedLoa?: string;
	language?: string;
	sessionLifetime: number;
	externalReference?: string;
	themeId?: string;
	tags?: string[];
	prefilledInput?: Record<string, unknown>;
	additionalParameters?: Record<string, string>;
	[field: string]: unknown;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const isAbsoluteHttpUrl = (value: unknown): boolean => {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
};

export const isStringArray = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** Checks a create-session body the way Signicat does, reporting every failing field at once. */
export function validateSessionRequest(
	body: unknown,
	accountProviders: readonly string[],
): { request: SessionRequest } | { invalid: InvalidParam[] } {
	if (!isObject(body)) return { invalid: [{ name: 'body', reason: 'The request body must be a JSON object.' }] };
	const invalid: InvalidParam[] = [];
	const fail = (name: string, reason: string) => invalid.push({ name, reason });

	const flow = body.flow;
	if (flow === undefined) fail('flow', 'flow is required.');
	else if (!FLOWS.includes(flow as never)) fail('flow', `'${String(flow)}' is not a valid flow. Use one of: ${FLOWS.join(', ')}.`);

	if (body.allowedProviders !== undefined) {
		if (!isStringArray(body.allowedProviders) || body.allowedProviders.length === 0) {
			fail('allowedProviders', 'allowedProviders must be a non-empty array of provider names.');
		} else {
			for (const provider of body.allowedProviders) {
				if (provider.length > PROVIDER_NAME_MAX_LENGTH) {
					fail('allowedProviders', `Provider names are at most ${PROVIDER_NAME_MAX_LENGTH} characters.`);
				} else if (!accountProviders.includes(provider)) {
					fail('allowedProviders', `The provider '${provider}' is not configured for this account.`);
				}
			}
		}
	}

	if (flow === 'redirect' || flow === 'embedded' || body.callbackUrls !== undefined) {
		if (!isObject(body.callbackUrls)) {
			fail('callbackUrls', `callbackUrls (success, abort, error) are required for the ${String(flow)} flow.`);
		} else {
			for (const outcome of ['success', 'abort', 'error'] as const) {
				if (!isAbsoluteHttpUrl(body.callbackUrls[outcome])) {
					fail(`callbackUrls.${outcome}`, `callbackUrls.${outcome} must be an absolute http(s) URL.`);
				}
			}
		}
	}

	const attributes = body.requestedAttributes;
	if (attributes === undefined) {
		fail('requestedAttributes', 'requestedAttributes is required.');
	} else if (!isStringArray(attributes)) {
		fail('requestedAttributes', 'requestedAttributes must be an array of attribute names.');
	} else {
		for (const attribute of attributes) {
			if (!ITSME_ATTRIBUTES.includes(attribute as never)) {
				fail('requestedAttributes', `'${attribute}' is not a known attribute.`);
			}
		}
	}

	// Both nullable, as Signicat's API reference has them: null is "not given".
	if (body.requestedLoa !== undefined && body.requestedLoa !== null && !LOAS.includes(body.requestedLoa as never)) {
		fail('requestedLoa', `requestedLoa must be one of: ${LOAS.join(', ')}.`);
	}
	if (body.language !== undefined && body.language !== null && (typeof body.language !== 'string' || !/^[a-z]{2}$/.test(body.language))) {
		fail('language', 'language must be a two-letter ISO 639-1 code, such as en.');
	}

	const lifetime = body.sessionLifetime ?? SESSION_LIFETIME.default;
	if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime <= 0) {
		fail('sessionLifetime', 'sessionLifetime must be a positive whole number of seconds.');
	}

	if (
		body.externalReference !== undefined &&
		(typeof body.externalReference !== 'string' || body.externalReference.length > EXTERNAL_REFERENCE_MAX_LENGTH)
	) {
		fail('externalReference', `externalReference must be a string of at most ${EXTERNAL_REFERENCE_MAX_LENGTH} characters.`);
	}
	if (body.themeId !== undefined && typeof body.themeId !== 'string') fail('themeId', 'themeId must be a string.');
	if (
		body.tags !== undefined &&
		(!isStringArray(body.tags) ||
			body.tags.length > TAGS.maxCount ||
			body.tags.some((tag) => tag.length > TAGS.maxLength))
	) {
		fail('tags', `tags must be at most ${TAGS.maxCount} strings of at most ${TAGS.maxLength} characters.`);
	}
	if (
		body.prefilledInput !== undefined &&
		(!isObject(body.prefilledInput) || Object.values(body.prefilledInput).every((v) => v === null || v === ''))
	) {
		fail('prefilledInput', 'prefilledInput must be an object with at least one value.');
	} else if (isObject(body.prefilledInput)) {
		for (const [field, value] of Object.entries(body.prefilledInput)) {
			if (!PREFILLED_INPUT_FIELDS.includes(field as never)) {
				fail(`prefilledInput.${field}`, `'${field}' is not a prefilledInput field. Use one of: ${PREFILLED_INPUT_FIELDS.join(', ')}.`);
			} else if (value !== null && typeof value !== 'string') {
				fail(`prefilledInput.${field}`, `prefilledInput.${field} must be a string.`);
			}
		}
	}
	if (
		body.additionalParameters !== undefined &&
		(!isObject(body.additionalParameters) ||
			Object.values(body.additionalParameters).some((v) => typeof v !== 'string'))
	) {
		fail('additionalParameters', 'additionalParameters must be an object of string values.');
	}

	if (invalid.length > 0) return { invalid };
	return {
		request: {
			...body,
			flow: flow as SessionRequest['flow'],
			requestedAttributes: attributes as string[],
			sessionLifetime: Math.max(lifetime as number, SESSION_LIFETIME.raisedTo),
		} as SessionRequest,
	};
}
