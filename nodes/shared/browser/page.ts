import type { Language } from './language';

/** Small self-contained pages for the person's browser: no scripts, no external assets, every value escaped. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

export interface PageContent {
	title: string;
	message: string;
	/** One button, labelled with what it does (check the result again, go back to itsme). */
	action?: { href: string; label: string };
}

/**
 * The page's colours, each text colour at least WCAG AA (4.5:1) on its background (test/unit/page.test.ts).
 * The button is itsme's orange darkened until white text on it reads well.
 */
export const PALETTE = {
	pageBackground: '#f5f5f7',
	cardBackground: '#ffffff',
	text: '#1d1d1f',
	buttonBackground: '#c2360a',
	buttonText: '#ffffff',
	focus: '#1d1d1f',
} as const;

export function renderPage({ title, message, action }: PageContent, language: Language): string {
	const button = action ? `<p><a class="action" href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p>` : '';
	const c = PALETTE;
	return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, -apple-system, sans-serif; background: ${c.pageBackground}; color: ${c.text}; margin: 0; line-height: 1.5; }
main { max-width: 28rem; margin: 4rem auto; background: ${c.cardBackground}; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0001; }
h1 { font-size: 1.4rem; margin-top: 0; line-height: 1.3; }
a.action { display: inline-block; padding: .6rem 1rem; background: ${c.buttonBackground}; color: ${c.buttonText}; border-radius: 8px; text-decoration: none; font-weight: 600; }
a.action:hover { text-decoration: underline; }
a.action:focus-visible { outline: 3px solid ${c.focus}; outline-offset: 3px; }
</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${button}</main></body>
</html>`;
}

/** Security headers for every page this package sends to a browser. */
export const PAGE_HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'cache-control': 'no-store',
	'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
};
