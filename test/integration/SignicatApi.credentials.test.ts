import { signicatFailureOf } from '../../nodes/shared/api/signicatFailure';
import { runWorkflow } from '../harness/runWorkflow';
import { contacts, createWorkflow, engineFor, loadWorkflow, useEmulator } from '../harness/fixtures';
import { watchPublicConnections } from '../harness/publicConnections';

const emulator = useEmulator();
const connections = watchPublicConnections();

describe('Signicat API credential in a real workflow execution', () => {
	it('makes 50 API calls with a single token request', async () => {
		const engine = engineFor(emulator);
		const execution = await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(50) });

		expect(execution.run.status).toBe('success');
		expect(execution.output('Create Session')).toHaveLength(50);
		expect(emulator.countRequests('POST', '/auth/rest/sessions')).toBe(50);
		expect(emulator.tokenRequests).toBe(1);
		expect(engine.credentials.get('signicat-cred')?.accessToken).toEqual(expect.any(String));
	});

	it('refreshes the token once after Signicat revoked it, and no call fails', async () => {
		const engine = engineFor(emulator);
		await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(1) });
		expect(emulator.tokenRequests).toBe(1);

		emulator.tokens.revokeAll();
		const execution = await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(30) });

		expect(execution.run.status).toBe('success');
		expect(execution.output('Create Session').every((item) => item.status === 'CREATED')).toBe(true);
		expect(emulator.tokenRequests).toBe(2);
		const unauthorized = emulator.requests.filter((r) => r.status === 401).length;
		expect(unauthorized).toBeGreaterThanOrEqual(1);
		expect(emulator.requests.filter((r) => r.path === '/auth/rest/sessions' && r.status === 201)).toHaveLength(31);
	});

	it('renews a token about to expire before sending, as Signicat advises: no request meets a 401, n8n saves the credential once', async () => {
		const engine = engineFor(emulator);
		await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(1) });
		const asked = emulator.requests.length;
		const preAuthentications = engine.credentials.preAuthentications.length;
		// 590 s later (for this process and for the emulator): 10 s before Signicat's 600 s expiry.
		const realNow = Date.now.bind(Date);
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 590_000);
		try {
			const execution = await runWorkflow(createWorkflow({ options: { concurrency: 10 } }), engine, { items: contacts(30) });
			expect(execution.run.status).toBe('success');
		} finally {
			jest.restoreAllMocks();
		}
		const later = emulator.requests.slice(asked);
		expect(later.filter((r) => r.status === 401)).toHaveLength(0);
		expect(later.filter((r) => r.path === '/auth/open/connect/token')).toHaveLength(1);
		expect(later.filter((r) => r.path === '/auth/rest/sessions' && r.status === 201)).toHaveLength(30);
		// One preAuthentication (in n8n: a credential read and write), for an empty token, not a 401.
		expect(engine.credentials.preAuthentications.slice(preAuthentications)).toEqual([{ expired: false }]);
	});

	it('fetches a new token when the stored one has expired at Signicat (its clock ahead of ours)', async () => {
		const engine = engineFor(emulator);
		await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(1) });
		emulator.clock.advance(3600);
		const execution = await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(5) });
		expect(execution.run.status).toBe('success');
		expect(emulator.tokenRequests).toBe(2);
	});

	it('names the account on every request for an organisation-level API client', async () => {
		const engine = engineFor(emulator, { accountId: 'a-emul-Ex4mpleAcc0unt1d' });
		const execution = await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(1) });
		expect(execution.run.status).toBe('success');
		expect(execution.output('Create Session')[0].signicat).toMatchObject({ accountId: 'a-emul-Ex4mpleAcc0unt1d' });
	});

	it('fails the node with a clear message when the client secret is wrong, never showing the secret', async () => {
		const engine = engineFor(emulator, { clientSecret: 'not-the-secret-42' });
		const workflow = createWorkflow();
		const execution = await runWorkflow(workflow, engine, { items: contacts(1) });

		expect(execution.run.status).toBe('error');
		const error = execution.run.data.resultData.error;
		expect(error?.message).toContain('Signicat rejected the client credentials');
		expect(JSON.stringify(error)).not.toContain('not-the-secret-42');
		expect(emulator.countRequests('POST', '/auth/rest/sessions')).toBe(0);
	});

	const continuingOnFail = () => {
		const workflow = loadWorkflow('create-sessions');
		workflow.nodes.find((n) => n.name === 'Create Session')!.onError = 'continueRegularOutput';
		return workflow;
	};

	it('asks for a token once when a wrong client secret meets 50 items, and says the credentials were rejected', async () => {
		// Each case its own wrong secret: a rejection is remembered per secret (sharedToken).
		const stopped = await runWorkflow(loadWorkflow('create-sessions'), engineFor(emulator, { clientSecret: 'wrong-secret-stop' }), {
			items: contacts(50),
		});
		const error = stopped.run.data.resultData.error as unknown as { message: string; failure?: unknown };
		expect(error.message).toMatch(/^Signicat rejected the client credentials \(invalid_client\): check the Client ID and Client Secret/);
		expect(signicatFailureOf(error)).toBe('credentials-rejected');
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(emulator.tokenRequests).toBe(1);

		emulator.reset();
		const continued = await runWorkflow(continuingOnFail(), engineFor(emulator, { clientSecret: 'wrong-secret-continue' }), { items: contacts(50) });
		const items = continued.items('Create Session');
		expect(items).toHaveLength(50);
		expect(new Set(items.map((item) => item.json.error))).toEqual(
			new Set(['Signicat rejected the client credentials (invalid_client): check the Client ID and Client Secret of your API client in the Signicat Dashboard']),
		);
		expect(emulator.tokenRequests).toBe(1);
		expect(emulator.countRequests('POST', '/auth/rest/sessions')).toBe(0);

		// The same wrong secret again, right away (another execution, another webhook call): no request at all.
		emulator.reset();
		const again = await runWorkflow(continuingOnFail(), engineFor(emulator, { clientSecret: 'wrong-secret-continue' }), { items: contacts(50) });
		expect(again.items('Create Session').every((item) => String(item.json.error).startsWith('Signicat rejected the client credentials'))).toBe(true);
		expect(emulator.tokenRequests).toBe(0);
	});

	it('says Signicat could not be reached only when it could not, once per execution', async () => {
		const engine = engineFor(emulator, { baseUrl: 'http://127.0.0.1:9' });
		const execution = await runWorkflow(continuingOnFail(), engine, { items: contacts(10) });
		const messages = new Set(execution.items('Create Session').map((item) => item.json.error));
		expect(messages).toEqual(
			new Set(['Could not reach Signicat at http://127.0.0.1:9/auth/open/connect/token (connection refused): check the Base URL of the Signicat API credential']),
		);
	});

	it('never sends the client secret in clear text to a public host: http:// to one fails before any connection', async () => {
		const engine = engineFor(emulator, { baseUrl: 'http://203.0.113.10' });
		const execution = await runWorkflow(loadWorkflow('create-sessions'), engine, { items: contacts(3) });
		const error = execution.run.data.resultData.error as unknown as { message: string };
		expect(error.message).toMatch(/^Base URL "http:\/\/203\.0\.113\.10" must start with https:\/\//);
		expect(signicatFailureOf(error)).toBe('configuration-invalid');
		expect(connections.attempts).toEqual([]);
	});
});
