import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Outcome } from '../callbacks/callbackUrls';
import { isAbsoluteHttpUrl, OUTCOMES } from '../callbacks/callbackUrls';
import type { Language } from './language';

const OUTCOME_LABELS: Record<Outcome, string> = { success: 'Success', abort: 'Abort', error: 'Error' };
/** The editor's label of an outcome's redirect URL, which error messages name too. */
const redirectUrlLabel = (outcome: Outcome): string => `${OUTCOME_LABELS[outcome]} Redirect URL`;
const START_AGAIN_OUTCOMES = [
	{ name: 'Abort and Error', value: 'abortAndError' },
	{ name: 'Abort', value: 'abort' },
	{ name: 'Error', value: 'error' },
];
const LANGUAGE_OPTIONS = [
	{ name: 'Dutch', value: 'nl' },
	{ name: 'English', value: 'en' },
	{ name: 'French', value: 'fr' },
	{ name: 'German', value: 'de' },
];

/**
 * Per-outcome "final page" options: a redirect URL, or the built-in page, which speaks the session's
 * language. The team's own words: per outcome and language ("Page Texts by Language"), or one title
 * and message for every language; what is left empty is the built-in text. The abort and error pages
 * can show a link to start again: one for every language, or per language (for both outcomes or one).
 */
export const finalPageOptions: INodeProperties[] = [
	...OUTCOMES.flatMap((outcome): INodeProperties[] => [
		{
			displayName: redirectUrlLabel(outcome),
			name: `${outcome}RedirectUrl`,
			type: 'string',
			default: '',
			placeholder: `https://example.com/verification/${outcome}`,
			description: `Where to send the person's browser on ${outcome} (http or https); empty shows a small built-in page in the person's language`,
		},
		{
			displayName: `${OUTCOME_LABELS[outcome]} Page Title`,
			name: `${outcome}Title`,
			type: 'string',
			default: '',
			description: `Title of the built-in page on ${outcome}, for every language; empty uses the built-in text in the person's language`,
		},
		{
			displayName: `${OUTCOME_LABELS[outcome]} Page Message`,
			name: `${outcome}Message`,
			type: 'string',
			default: '',
			description: `Message of the built-in page on ${outcome}, for every language; empty uses the built-in text in the person's language`,
		},
	]),
	{
		displayName: 'Start Again URL',
		name: 'startAgainUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/sign-up',
		description:
			'A link on the built-in abort and error pages for the person to start again (http or https), e.g. your sign-up page, for every language; empty shows no link',
	},
	{
		displayName: 'Start Again URLs by Language',
		name: 'startAgainUrls',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Start Again URL',
		description: 'The link to start again for one language, on the abort and error pages or on one of them. It wins over the Start Again URL.',
		options: [
			{
				displayName: 'Link',
				name: 'link',
				values: [
					{
						displayName: 'Outcome',
						name: 'outcome',
						type: 'options',
						default: 'abortAndError',
						options: START_AGAIN_OUTCOMES,
					},
					{ displayName: 'Language', name: 'language', type: 'options', default: 'en', options: LANGUAGE_OPTIONS },
					{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://example.com/fr/sign-up', description: 'An http:// or https:// address' },
				],
			},
		],
	},
	{
		displayName: 'Page Texts by Language',
		name: 'pageTexts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Text',
		description: 'Your own title and message of the built-in page for one outcome in one language. They win over the texts for every language.',
		options: [
			{
				displayName: 'Text',
				name: 'text',
				values: [
					{
						displayName: 'Outcome',
						name: 'outcome',
						type: 'options',
						default: 'success',
						options: OUTCOMES.map((value) => ({ name: OUTCOME_LABELS[value], value })),
					},
					{ displayName: 'Language', name: 'language', type: 'options', default: 'en', options: LANGUAGE_OPTIONS },
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Empty keeps the built-in title' },
					{ displayName: 'Message', name: 'message', type: 'string', default: '', description: 'Empty keeps the built-in message' },
				],
			},
		],
	},
	{
		displayName: 'Add Session to Redirect URL',
		name: 'appendSessionInfo',
		type: 'boolean',
		default: false,
		description: 'Whether to add sessionId, status and language (en, nl, fr, de) to the redirect URL, for your page to look the result up',
	},
];

/** The team's own title or message for this outcome and language, or '' for the built-in text. */
export function ownPageText(options: IDataObject, outcome: Outcome, language: Language, field: 'title' | 'message'): string {
	const entries = collectionEntries(options.pageTexts, 'text');
	const perLanguage = entries.find((entry) => entry.outcome === outcome && entry.language === language && String(entry[field] ?? '').trim() !== '');
	if (perLanguage) return String(perLanguage[field]);
	const key = field === 'title' ? `${outcome}Title` : `${outcome}Message`;
	return String(options[key] ?? '').trim();
}

/**
 * The team's link to start again on the abort or error page in this language, or '': the one for
 * this outcome and language, then for both outcomes in this language, then the one for every language.
 */
export function startAgainUrl(options: IDataObject, outcome: Exclude<Outcome, 'success'>, language: Language): string {
	const links = collectionEntries(options.startAgainUrls, 'link').filter((link) => link.language === language && String(link.url ?? '').trim() !== '');
	const link = links.find((entry) => entry.outcome === outcome) ?? links.find((entry) => entry.outcome === 'abortAndError');
	return String(link?.url ?? options.startAgainUrl ?? '').trim();
}

const collectionEntries = (collection: unknown, name: string): IDataObject[] => ((collection as IDataObject | undefined)?.[name] ?? []) as IDataObject[];

const nameOf = (options: Array<{ name: string; value: string }>, value: unknown): string => options.find((option) => option.value === value)?.name ?? String(value);

/**
 * The first URL of these options (redirect URLs, start-again links) that is set but is not an
 * absolute http(s) URL, named as the editor shows it.
 */
export function badPageUrl(options: IDataObject): string | undefined {
	const redirects = OUTCOMES.map((outcome) => ({ field: redirectUrlLabel(outcome), value: options[`${outcome}RedirectUrl`], example: 'verified' }));
	const startAgain = [
		{ field: 'Start Again URL', value: options.startAgainUrl },
		...collectionEntries(options.startAgainUrls, 'link').map((link) => ({
			field: `Start Again URLs by Language: the ${nameOf(LANGUAGE_OPTIONS, link.language)} URL for ${nameOf(START_AGAIN_OUTCOMES, link.outcome)}`,
			value: link.url,
		})),
	].map((url) => ({ ...url, example: 'sign-up' }));
	const bad = [...redirects, ...startAgain].find(({ value }) => String(value ?? '').trim() !== '' && !isAbsoluteHttpUrl(String(value).trim()));
	return bad && `${bad.field} must be an absolute http:// or https:// address, such as https://example.com/${bad.example}`;
}
