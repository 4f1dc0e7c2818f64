import type { NodeExecutionHint, NodeHint } from 'n8n-workflow';

import { hostAddress, isPrivateIpv4 } from '../../shared/network/hostAddress';
import type { CallbackUrls } from '../../shared/callbacks/callbackUrls';

/**
 * n8n's node hints (shown in the editor) and execution hints (shown with a run's output) for the
 * callback setups that work in a test and break onboarding in production: callback URLs the
 * person's phone or computer cannot reach, plain http, and the itsme Trigger's test URL.
 */

const SET_WEBHOOK_URL =
	"Set n8n's WEBHOOK_URL to its public https address (e.g. https://n8n.example.com/) and use the itsme Trigger's Production URL; Resume This Workflow follows WEBHOOK_URL too.";

/** This machine or a private network: names and addresses a person's device cannot reach n8n on. */
export function isLocalHost(hostname: string): boolean {
	const address = hostAddress(hostname);
	if ('ipv4' in address) {
		const [a, b] = address.ipv4;
		// Besides loopback and RFC 1918: "this network" (0/8) and link-local (169.254/16).
		return isPrivateIpv4(address.ipv4) || a === 0 || (a === 169 && b === 254);
	}
	// IPv6: unspecified, loopback, unique local (fc00::/7), link-local (fe80::/10).
	if ('ipv6' in address) return address.ipv6 === '::' || address.ipv6 === '::1' || /^f[cd]|^fe[89ab]/.test(address.ipv6);
	return address.name === 'localhost' || address.name.endsWith('.localhost');
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
	{
		// The editor cannot tell whether the host is this n8n: the run checks that (triggerUrlHere.ts).
		type: 'info',
		location: 'ndv',
		whenToDisplay: 'always',
		displayCondition:
			'={{ $parameter["operation"] === "create" && $parameter["callbackMode"] === "trigger" && String($parameter["triggerUrl"]).trim().toLowerCase().startsWith("http") && $parameter["options"]?.triggerOfAnotherInstance !== true }}',
		message:
			'This Trigger URL names a host, so it works only in the n8n at that address: imported into another n8n (another host or port), this workflow would send people to the first one. When it runs, the node refuses a URL that is not this n8n\'s. Give only the path (/webhook/…/itsme) and it always means this n8n.',
	},
];
