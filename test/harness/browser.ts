/**
 * A person's browser, reduced to HTTP: open the itsme page of a session, choose an identity and an
 * outcome, and follow the redirects (to the callback URL and any final page) like a browser does.
 */
export interface BrowserVisit {
	status: number;
	url: string;
	location?: string;
	body: string;
}

export async function followRedirects(url: string, init: RequestInit = {}): Promise<BrowserVisit> {
	let response = await fetch(url, { ...init, redirect: 'manual' });
	let current = url;
	for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
		const location = new URL(response.headers.get('location') as string, current).toString();
		// Redirects to the outside world stop here: a test browser has nowhere to go.
		if (!location.startsWith('http://127.0.0.1') && !location.startsWith('http://localhost')) {
			return { status: response.status, url: current, location, body: '' };
		}
		current = location;
		response = await fetch(current, { redirect: 'manual' });
	}
	return { status: response.status, url: current, body: await response.text() };
}

/** Completes the itsme page at `authenticationUrl` and follows the browser to wherever it lands. */
export async function completeItsme(
	authenticationUrl: string,
	outcome: 'success' | 'abort' | 'error',
	person = 'maxence',
): Promise<BrowserVisit> {
	const page = await fetch(authenticationUrl);
	if (page.status !== 200) throw new Error(`itsme page answered ${page.status}`);
	return await followRedirects(authenticationUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ person, outcome }).toString(),
	});
}
