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
	/** A "Try again" link, for answers that could not be confirmed yet. */
	retryUrl?: string;
}

export function renderPage({ title, message, retryUrl }: PageContent): string {
	const retry = retryUrl ? `<p><a class="retry" href="${escapeHtml(retryUrl)}">Try again</a></p>` : '';
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, -apple-system, sans-serif; background: #f5f5f7; color: #1d1d1f; margin: 0; }
main { max-width: 28rem; margin: 4rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 2px 12px #0001; }
h1 { font-size: 1.4rem; margin-top: 0; } a.retry { display: inline-block; padding: .6rem 1rem; background: #ff4612; color: #fff; border-radius: 8px; text-decoration: none; }
</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${retry}</main></body>
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
