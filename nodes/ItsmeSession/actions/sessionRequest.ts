import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { CallbackUrls, InputProblem } from '../../shared/callbacks/callbackUrls';
import { DEFAULT_LANGUAGE, sessionLanguage } from '../../shared/browser/language';
import { isItsmeAttribute, ITSME_SERVICES } from './itsmeAttributes';

/** The body of POST /auth/rest/sessions as this node sends it. */
export interface SessionRequestBody extends IDataObject {
	allowedProviders: string[];
	flow: string;
	callbackUrls: CallbackUrls;
	requestedAttributes: string[];
	sessionLifetime: number;
	language: string;
	requestedLoa?: string;
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

// Only checks that zod 3 and zod 4 read alike, and no zod message reaches the person: the sentence
// is built from the failing field's path and its entry in OPTION_FIELDS, whichever zod n8n provides.
const optionsSchema = z.object({
	sessionLifetime: z.number().int().min(300).max(3600).default(1200),
	language: z.enum(['en', 'nl', 'fr', 'de']).optional(),
	acceptLanguage: z.string().max(1000).optional(),
	requestedLoa: z.enum(['low', 'substantial', 'high']).optional(),
	externalReference: z.string().max(1000).optional(),
	themeId: z.string().optional(),
	requestDomain: z.string().optional(),
	prefilledPhoneNumber: z.string().regex(/^\+?[0-9 ]{6,20}$/).optional(),
	tags: z.string().optional(),
	additionalProviders: z.string().optional(),
});

/** Each option under the name the n8n editor shows, what it must be, and the kind of value that is. */
const OPTION_FIELDS: Record<keyof z.infer<typeof optionsSchema>, { label: string; mustBe: string; kind: string }> = {
	sessionLifetime: { label: 'Session Lifetime', mustBe: 'a whole number of seconds between 300 and 3600', kind: 'a number' },
	language: { label: 'Language', mustBe: 'one of en, nl, fr, de', kind: 'text' },
	acceptLanguage: { label: 'Browser Language (Accept-Language)', mustBe: 'an Accept-Language value of at most 1000 characters', kind: 'text' },
	requestedLoa: { label: 'Level of Assurance', mustBe: 'one of low, substantial, high', kind: 'text' },
	externalReference: { label: 'External Reference', mustBe: 'text of at most 1000 characters', kind: 'text' },
	themeId: { label: 'Theme ID', mustBe: 'text', kind: 'text' },
	requestDomain: { label: 'Request Domain', mustBe: 'text', kind: 'text' },
	prefilledPhoneNumber: {
		label: 'Phone Number (Prefilled)',
		mustBe: 'an international phone number such as +32470123456',
		kind: 'text',
	},
	tags: { label: 'Tags', mustBe: 'comma-separated text', kind: 'text' },
	additionalProviders: { label: 'Additional Providers', mustBe: 'comma-separated provider names', kind: 'text' },
};

/** What kind of value was given, in words (never the value itself: it may be personal data). */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null || typeof value === 'object') return 'an object';
	if (typeof value === 'string') return 'text';
	return `a ${typeof value}`;
}

/** The failing option as a sentence built from the error's path: "<Field> must be <rule>[, not <kind given>]". */
function optionProblem(path: readonly PropertyKey[], options: IDataObject): InputProblem {
	const key = String(path[0] ?? '') as keyof typeof OPTION_FIELDS;
	const field = OPTION_FIELDS[key];
	if (!field) return { field: 'Options', message: 'must be a collection of the options listed' };
	const given = kindOf(options[key]);
	return { field: field.label, message: `must be ${field.mustBe}${given === field.kind ? '' : `, not ${given}`}` };
}

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

	const given = blankToUndefined(input.options);
	const parsed = optionsSchema.safeParse(given);
	if (!parsed.success) return { problem: optionProblem(parsed.error.issues[0].path, given) };
	const options = parsed.data;
	const request: SessionRequestBody = {
		allowedProviders: ['itsme', ...csv(options.additionalProviders).filter((p) => p !== 'itsme')],
		flow: input.flow,
		callbackUrls: input.callbackUrls,
		requestedAttributes: attributes,
		sessionLifetime: options.sessionLifetime,
		// The workflow's language, else the person's browser's; else English, as Signicat would fall back to.
		language: sessionLanguage(options.language, options.acceptLanguage) ?? DEFAULT_LANGUAGE,
	};
	if (options.requestedLoa) request.requestedLoa = options.requestedLoa;
	if (options.externalReference) request.externalReference = options.externalReference;
	if (options.themeId) request.themeId = options.themeId;
	if (options.requestDomain) request.requestDomain = options.requestDomain;
	if (options.tags) request.tags = csv(options.tags);
	// Signicat's field is prefilledInput.mobile, with the country code (official .NET SDK
	// signicat/signicat-net, Services/Authentication/Entities/PrefilledInput.cs; the API reference's
	// PrefilledInput). A `phoneNumber` key is no field of it.
	if (options.prefilledPhoneNumber) request.prefilledInput = { mobile: options.prefilledPhoneNumber.replace(/ /g, '') };
	return { request };
}
