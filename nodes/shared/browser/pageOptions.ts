import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Outcome } from '../callbacks/callbackUrls';
import { isAbsoluteHttpUrl, OUTCOMES } from '../callbacks/callbackUrls';
import type { Language } from './language';

const OUTCOME_LABELS: Record<Outcome, string> = { success: 'Success', abort: 'Abort', error: 'Error' };
const LANGUAGE_OPTIONS = [
	{ name: 'Dutch', value: 'nl' },
	{ name: 'English', value: 'en' },
	{ name: 'French', value: 'fr' },
	{ name: 'German', value: 'de' },
];

/**
 * Per-outcome "final page" options: a redirect URL, or the built-in page, which speaks the session's
 * language. The team's own words: per outcome and language ("Page Texts by Language"), or one title
 * and message for every language; what is left empty is the built-in text.
 */
export const finalPageOptions: INodeProperties[] = [
	...OUTCOMES.flatMap((outcome): INodeProperties[] => [
		{
			displayName: `${OUTCOME_LABELS[outcome]} Redirect URL`,
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
	const entries = ((options.pageTexts as IDataObject | undefined)?.text ?? []) as IDataObject[];
	const perLanguage = entries.find((entry) => entry.outcome === outcome && entry.language === language && String(entry[field] ?? '').trim() !== '');
	if (perLanguage) return String(perLanguage[field]);
	const key = field === 'title' ? `${outcome}Title` : `${outcome}Message`;
	return String(options[key] ?? '').trim();
}

/** The first redirect URL that is set but is not an absolute http(s) URL, named as the editor shows it. */
export function badRedirectUrl(options: IDataObject): string | undefined {
	for (const outcome of OUTCOMES) {
		const value = String(options[`${outcome}RedirectUrl`] ?? '').trim();
		if (value === '') continue;
		if (!isAbsoluteHttpUrl(value)) {
			return `${OUTCOME_LABELS[outcome]} Redirect URL must be an absolute http:// or https:// address, such as https://example.com/verified`;
		}
	}
	return undefined;
}
