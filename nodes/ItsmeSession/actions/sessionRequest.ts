import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { CallbackUrls, InputProblem } from '../../shared/callbackUrls';
import { isItsmeAttribute, ITSME_SERVICES } from '../../shared/itsmeAttributes';

/** The body of POST /auth/rest/sessions as this node sends it. */
export interface SessionRequestBody extends IDataObject {
	allowedProviders: string[];
	flow: string;
	callbackUrls: CallbackUrls;
	requestedAttributes: string[];
	sessionLifetime: number;
	language: string;
	externalReference?: string;
	themeId?: string;
	tags?: string[];
	prefilledInput?: IDataObject;
	requestDomain?: string;
}

const csv = (value: unknown): string[] =>
	String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);

// Each rule names the field as the n8n editor shows it, so the error says where to look.
const optionsSchema = z.object({
	sessionLifetime: z
		.number({ invalid_type_error: 'Session Lifetime must be a number of seconds' })
		.int('Session Lifetime must be a whole number of seconds')
		.min(300, 'Session Lifetime must be between 300 and 3600 seconds')
		.max(3600, 'Session Lifetime must be between 300 and 3600 seconds')
		.default(1200),
	language: z.enum(['en', 'nl', 'fr', 'de'], { message: 'Language must be one of en, nl, fr, de' }).default('en'),
	externalReference: z.string().max(1000, 'External Reference must be at most 1000 characters').optional(),
	themeId: z.string().optional(),
	requestDomain: z.string().optional(),
	prefilledPhoneNumber: z
		.string()
		.regex(/^\+?[0-9 ]{6,20}$/, 'Phone Number (Prefilled) must be an international phone number such as +32470123456')
		.optional(),
	tags: z.string().optional(),
	additionalProviders: z.string().optional(),
});

const blankToUndefined = (options: IDataObject): IDataObject =>
	Object.fromEntries(Object.entries(options).filter(([, value]) => value !== '' && value !== null && value !== undefined));

/** Turns the node's parameters for one item into a session request, or the first problem found. */
export function buildSessionRequest(input: {
	service: string;
	attributes: string[];
	flow: string;
	callbackUrls: CallbackUrls | InputProblem;
	options: IDataObject;
}): { request: SessionRequestBody } | { problem: InputProblem } {
	if ('field' in input.callbackUrls) return { problem: input.callbackUrls };

	let attributes: string[];
	if (input.service === 'authentication' || input.service === 'identification') {
		attributes = [...ITSME_SERVICES[input.service]];
	} else {
		attributes = Array.isArray(input.attributes) ? input.attributes : csv(input.attributes);
		const unknown = attributes.find((attribute) => !isItsmeAttribute(attribute));
		if (unknown !== undefined) return { problem: { field: 'Attributes', message: `contain "${unknown}", which is not an itsme attribute` } };
		if (attributes.length === 0) return { problem: { field: 'Attributes', message: 'must name at least one itsme attribute' } };
	}
	if (input.flow !== 'redirect' && input.flow !== 'headless') {
		return { problem: { field: 'Flow', message: 'must be redirect or headless' } };
	}

	const parsed = optionsSchema.safeParse(blankToUndefined(input.options));
	if (!parsed.success) {
		const [field, ...rest] = parsed.error.issues[0].message.split(' must ');
		return { problem: { field, message: `must ${rest.join(' must ')}` } };
	}
	const options = parsed.data;
	const request: SessionRequestBody = {
		allowedProviders: ['itsme', ...csv(options.additionalProviders).filter((p) => p !== 'itsme')],
		flow: input.flow,
		callbackUrls: input.callbackUrls,
		requestedAttributes: attributes,
		sessionLifetime: options.sessionLifetime,
		language: options.language,
	};
	if (options.externalReference) request.externalReference = options.externalReference;
	if (options.themeId) request.themeId = options.themeId;
	if (options.requestDomain) request.requestDomain = options.requestDomain;
	if (options.tags) request.tags = csv(options.tags);
	if (options.prefilledPhoneNumber) request.prefilledInput = { phoneNumber: options.prefilledPhoneNumber.replace(/ /g, '') };
	return { request };
}
