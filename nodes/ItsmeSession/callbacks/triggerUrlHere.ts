import { isLoopback } from '../../shared/network/hostAddress';
import type { InputProblem } from '../../shared/callbacks/callbackUrls';
import { isAbsoluteHttpUrl } from '../../shared/callbacks/callbackUrls';

/**
 * Whether Create Session's Trigger URL leads to the n8n running the node. A workflow imported from
 * another n8n (another host, another port) keeps that n8n's address: people would finish there, see
 * "verified", and this n8n would never hear of them. So a path (`/webhook/<id>/itsme`) means this
 * n8n, and a full URL naming another n8n is refused unless the team chose it on purpose.
 */

/** This n8n's own addresses, as n8n tells a running node. */
export interface ThisN8n {
	/** Where it receives webhooks (WEBHOOK_URL), e.g. `https://n8n.example.com/`. */
	webhookBase?: URL;
	/** Its editor (N8N_EDITOR_BASE_URL, else the same). */
	editorBase?: URL;
}

/**
 * From the execution's resume URL, `<webhook base><webhook-waiting endpoint>/<execution id>`, which
 * n8n builds on the same base as the itsme Trigger's Production URL, and getInstanceBaseUrl().
 */
export function thisN8n(resumeUrl: string, instanceBaseUrl: string): ThisN8n {
	const base = (url: string, dropSegments: number) => {
		if (!isAbsoluteHttpUrl(url)) return undefined;
		const parsed = new URL(url);
		const segments = parsed.pathname.replace(/\/$/, '').split('/');
		parsed.pathname = `${segments.slice(0, Math.max(1, segments.length - dropSegments)).join('/')}/`;
		parsed.search = '';
		parsed.hash = '';
		return parsed;
	};
	return { webhookBase: base(resumeUrl, 2), editorBase: base(instanceBaseUrl, 0) };
}

/** One n8n: the same scheme and port, host (any name of this machine counts as one) and base path. */
function isUnder(url: URL, base: URL): boolean {
	const host = (u: URL) => (isLoopback(u.hostname) ? 'localhost' : u.hostname);
	return url.protocol === base.protocol && url.port === base.port && host(url) === host(base) && url.pathname.startsWith(base.pathname);
}

const FIELD = 'Trigger URL';

/**
 * The absolute Trigger URL the callbacks derive from, or why there is none. `anotherN8nAllowed`:
 * the option for an itsme Trigger that really runs in another n8n.
 */
export function placeTriggerUrl(typed: string, here: ThisN8n, anotherN8nAllowed: boolean): string | InputProblem {
	if (typed.startsWith('/')) {
		if (!here.webhookBase) return { field: FIELD, message: "is a path, but n8n did not tell this node its own address: paste the itsme Trigger's full Production URL" };
		return new URL(typed.replace(/^\/+/, ''), here.webhookBase).toString();
	}
	if (!isAbsoluteHttpUrl(typed)) {
		return { field: FIELD, message: "must be the itsme Trigger's Production URL (https://…/webhook/…/itsme) or just its path (/webhook/…/itsme)" };
	}
	const url = new URL(typed);
	const bases = [here.webhookBase, here.editorBase].filter((base): base is URL => base !== undefined);
	if (anotherN8nAllowed || bases.length === 0 || bases.some((base) => isUnder(url, base))) return typed;
	return {
		field: FIELD,
		message:
			`points at ${url.origin}, not at this n8n (${bases[0].toString()}): people would finish verifying there and this workflow would never hear of them. ` +
			`Paste this n8n's itsme Trigger Production URL, or only its path (${url.pathname}). ` +
			`If ${url.origin} is this n8n's public address, set n8n's WEBHOOK_URL to it; if the trigger runs in another n8n, switch on Options → Trigger URL of Another Instance.`,
	};
}
