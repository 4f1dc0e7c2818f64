import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint, NodeHint } from 'n8n-workflow';

import type { CallbackUrls } from './callbackUrls';

/**
 * n8n's node hints (shown in the editor) and execution hints (shown with a run's output) for the
 * callback setups that work in a test and break onboarding in production: callback URLs the
 * person's phone or computer cannot reach, plain http, and the itsme Trigger's test URL.
 */

const SET_WEBHOOK_URL =
	"Set n8n's WEBHOOK_URL to its public https address (e.g. https://n8n.example.com/) and use the itsme Trigger's Production URL; Resume This Workflow follows WEBHOOK_URL too.";

/** An IPv4-mapped IPv6 address as URLs write it (::ffff:7f00:1) in its dotted form (127.0.0.1). */
function dottedMappedIpv4(host: string): string {
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	if (!mapped) return host;
	const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
	return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** This machine or a private network: names and addresses a person's device cannot reach n8n on. */
export function isLocalHost(hostname: string): boolean {
	// As a URL's hostname: [brackets] around IPv6, maybe a final dot, IPv4-mapped addresses in hex.
	const host = dottedMappedIpv4(hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, ''));
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	const ipv4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
	if (ipv4) {
		const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
		return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
	}
	// IPv6: unspecified, loopback, unique local (fc00::/7), link-local (fe80::/10).
	return host.includes(':') && (host === '::' || host === '::1' || /^f[cd]|^fe[89ab]/.test(host));
}

const hostOf = (url: string): string => (URL.canParse(url) ? new URL(url).hostname : '');

/**
 * Execution hints for the callback URLs of the sessions just created against `baseUrl`. None when
 * the credential points at a local Signicat emulator, where local callbacks are right.
 */
export function callbackUrlHints(sessions: CallbackUrls[], baseUrl: string): NodeExecutionHint[] {
	if (isLocalHost(hostOf(baseUrl))) return [];
	const urls = [...new Set(sessions.flatMap((urls) => Object.values(urls)))].filter((url) => URL.canParse(url)).map((url) => new URL(url));
	const hints: NodeExecutionHint[] = [];
	const local = [...new Set(urls.map((url) => url.hostname).filter(isLocalHost))];
	if (local.length > 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `The callback URLs point at ${local.join(', ')}, which the person's phone or computer cannot reach when itsme sends them back: they would end on an error page and the workflow would never hear of them. ${SET_WEBHOOK_URL}`,
		});
	}
	// The parsed scheme: a custom URL typed as HTTP://… is plain http too.
	const plain = [...new Set(urls.filter((url) => url.protocol === 'http:' && !isLocalHost(url.hostname)).map((url) => url.origin))];
	if (plain.length > 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `The callback URLs use plain http (${plain.join(', ')}): Signicat requires https callback URLs for production accounts. ${SET_WEBHOOK_URL}`,
		});
	}
	return hints;
}

/** Editor hints of the itsme Session node, shown while its parameters match their display condition. */
export const sessionNodeHints: NodeHint[] = [
	{
		type: 'warning',
		location: 'ndv',
		whenToDisplay: 'always',
		displayCondition:
			'={{ $parameter["operation"] === "create" && $parameter["callbackMode"] === "trigger" && String($parameter["triggerUrl"]).includes("/webhook-test/") }}',
		message:
			"The Trigger URL is the itsme Trigger's Test URL, which n8n serves only while the editor listens for a test event. Once the workflow is active, paste the trigger's Production URL (/webhook/…) here, or people coming back from itsme reach nothing.",
	},
];

/** Execution hint of an itsme Trigger run that came through its Test URL. */
export const TRIGGER_TEST_RUN_HINT: NodeExecutionHint = {
	type: 'info',
	location: 'outputPane',
	message:
		"This run came through the itsme Trigger's Test URL, which n8n serves only while you test in the editor: the itsme Session node's Trigger URL must be this Test URL to reach the trigger now, and its Production URL once the workflow is active.",
};

/**
 * The itsme Trigger's execute step: n8n runs it with what webhook() emitted. n8n runs test-URL
 * webhooks in 'manual' mode and production ones in 'webhook' mode.
 */
export function passOnWithTestRunHint(context: IExecuteFunctions): INodeExecutionData[][] {
	if (context.getMode() === 'manual') context.addExecutionHints(TRIGGER_TEST_RUN_HINT);
	return [context.getInputData()];
}
