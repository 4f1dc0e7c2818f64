import { LINK_TOKEN_PARAM, linkKeyOf, makeLinkToken, triggerOfUrl } from '../../nodes/shared/callbacks/linkToken';
import type { SignicatEmulator } from '../../test/emulator/server';
import { DEFAULT_CLIENT } from '../../test/emulator/server';

/**
 * Sessions created straight at the emulator, as the demo's start link creates them (Identification,
 * callbacks to an itsme Trigger, with the link token Create Session puts on them), without going
 * through n8n: for bursts larger than a start workflow should be asked to create. Without
 * `linkToken`, as sessions made with their own callback URLs (another flow). Returns their ids.
 */
export async function createTriggerSessions(
	emulator: SignicatEmulator,
	triggerUrl: string,
	count: number,
	{ linkToken = true }: { linkToken?: boolean } = {},
): Promise<string[]> {
	const { access_token } = emulator.tokens.issue({ ...DEFAULT_CLIENT });
	const key = linkKeyOf(DEFAULT_CLIENT.clientSecret);
	return await Promise.all(
		Array.from({ length: count }, async () => {
			const link = linkToken ? `${triggerUrl}?${LINK_TOKEN_PARAM}=${makeLinkToken(key, triggerOfUrl(triggerUrl))}` : `${triggerUrl}?`;
			const response = await fetch(`${emulator.url}/auth/rest/sessions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					flow: 'redirect',
					allowedProviders: ['itsme'],
					callbackUrls: { success: `${link}&outcome=success`, abort: `${link}&outcome=abort`, error: `${link}&outcome=error` },
					requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin', 'address'],
				}),
			});
			if (response.status !== 201) throw new Error(`the emulator answered ${response.status} to a new session`);
			return ((await response.json()) as { id: string }).id;
		}),
	);
}
