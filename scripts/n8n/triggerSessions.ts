import type { SignicatEmulator } from '../../test/emulator/server';
import { DEFAULT_CLIENT } from '../../test/emulator/server';

/**
 * Sessions created straight at the emulator, as the demo's start link creates them (Identification,
 * callbacks to an itsme Trigger), without going through n8n: for bursts larger than a start
 * workflow should be asked to create. Returns their ids.
 */
export async function createTriggerSessions(emulator: SignicatEmulator, triggerUrl: string, count: number): Promise<string[]> {
	const { access_token } = emulator.tokens.issue({ ...DEFAULT_CLIENT });
	const body = JSON.stringify({
		flow: 'redirect',
		allowedProviders: ['itsme'],
		callbackUrls: { success: `${triggerUrl}?outcome=success`, abort: `${triggerUrl}?outcome=abort`, error: `${triggerUrl}?outcome=error` },
		requestedAttributes: ['name', 'firstName', 'lastName', 'dateOfBirth', 'nin', 'address'],
	});
	return await Promise.all(
		Array.from({ length: count }, async () => {
			const response = await fetch(`${emulator.url}/auth/rest/sessions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
				body,
			});
			if (response.status !== 201) throw new Error(`the emulator answered ${response.status} to a new session`);
			return ((await response.json()) as { id: string }).id;
		}),
	);
}
