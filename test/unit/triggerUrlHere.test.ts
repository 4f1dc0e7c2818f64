import { placeTriggerUrl, thisN8n } from '../../nodes/ItsmeSession/callbacks/triggerUrlHere';

// As n8n gives them to a running node: the execution's resume URL and getInstanceBaseUrl().
const here = thisN8n('https://n8n.example.com/webhook-waiting/42?signature=abc', 'https://n8n.example.com/');
const TRIGGER = '/webhook/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/itsme';

describe('thisN8n', () => {
	it('reads where n8n receives webhooks from the resume URL, and its editor from the instance base URL', () => {
		expect(here.webhookBase?.toString()).toBe('https://n8n.example.com/');
		expect(here.editorBase?.toString()).toBe('https://n8n.example.com/');
	});

	it('keeps a base path (n8n behind a proxy under /n8n/) and a port', () => {
		const behindProxy = thisN8n('https://example.com/n8n/webhook-waiting/7', 'https://editor.example.com:8443/n8n/');
		expect(behindProxy.webhookBase?.toString()).toBe('https://example.com/n8n/');
		expect(behindProxy.editorBase?.toString()).toBe('https://editor.example.com:8443/n8n/');
	});

	it('knows nothing from what is not an http(s) URL', () => {
		expect(thisN8n('', 'not a url')).toEqual({ webhookBase: undefined, editorBase: undefined });
	});
});

describe('placeTriggerUrl', () => {
	it('makes a path absolute on this n8n, also behind a base path', () => {
		expect(placeTriggerUrl(TRIGGER, here, false)).toBe(`https://n8n.example.com${TRIGGER}`);
		expect(placeTriggerUrl(TRIGGER, thisN8n('https://example.com/n8n/webhook-waiting/7', ''), false)).toBe(`https://example.com/n8n${TRIGGER}`);
		// Never another host, however many slashes the path starts with.
		expect(placeTriggerUrl('//evil.example/webhook/x/itsme', here, false)).toBe('https://n8n.example.com/evil.example/webhook/x/itsme');
	});

	it("takes this n8n's own Production URL as typed, and its editor address", () => {
		expect(placeTriggerUrl(`https://n8n.example.com${TRIGGER}`, here, false)).toBe(`https://n8n.example.com${TRIGGER}`);
		const split = thisN8n('https://hooks.example.com/webhook-waiting/1', 'https://n8n.internal.example/');
		expect(placeTriggerUrl(`https://n8n.internal.example${TRIGGER}`, split, false)).toBe(`https://n8n.internal.example${TRIGGER}`);
	});

	it('counts every name of this machine as one host, but not another port', () => {
		const local = thisN8n('http://localhost:5678/webhook-waiting/1', 'http://localhost:5678/');
		expect(placeTriggerUrl(`http://127.0.0.1:5678${TRIGGER}`, local, false)).toBe(`http://127.0.0.1:5678${TRIGGER}`);
		expect(placeTriggerUrl(`http://[::1]:5678${TRIGGER}`, local, false)).toBe(`http://[::1]:5678${TRIGGER}`);
		expect(placeTriggerUrl(`http://localhost:5700${TRIGGER}`, local, false)).toEqual({
			field: 'Trigger URL',
			message: expect.stringMatching(/^points at http:\/\/localhost:5700, not at this n8n \(http:\/\/localhost:5678\/\)/),
		});
	});

	it('refuses another n8n, saying what to do', () => {
		const problem = placeTriggerUrl(`https://other-n8n.example.com${TRIGGER}`, here, false);
		expect(problem).toEqual({ field: 'Trigger URL', message: expect.any(String) });
		const { message } = problem as { message: string };
		expect(message).toContain('points at https://other-n8n.example.com, not at this n8n (https://n8n.example.com/)');
		expect(message).toContain(`or only its path (${TRIGGER})`);
		expect(message).toContain("set n8n's WEBHOOK_URL to it");
		expect(message).toContain('Options → Trigger URL of Another Instance');
	});

	it('refuses the same host under another base path, or with another scheme', () => {
		const underPath = thisN8n('https://example.com/n8n/webhook-waiting/7', '');
		expect(placeTriggerUrl(`https://example.com/other${TRIGGER}`, underPath, false)).toEqual(expect.objectContaining({ field: 'Trigger URL' }));
		expect(placeTriggerUrl(`http://n8n.example.com${TRIGGER}`, here, false)).toEqual(expect.objectContaining({ field: 'Trigger URL' }));
	});

	it('takes another n8n when the team chose it on purpose', () => {
		expect(placeTriggerUrl(`https://other-n8n.example.com${TRIGGER}`, here, true)).toBe(`https://other-n8n.example.com${TRIGGER}`);
	});

	it('takes any absolute URL when n8n gave the node no address of its own', () => {
		expect(placeTriggerUrl(`https://other-n8n.example.com${TRIGGER}`, thisN8n('', ''), false)).toBe(`https://other-n8n.example.com${TRIGGER}`);
		expect(placeTriggerUrl(TRIGGER, thisN8n('', ''), false)).toEqual({ field: 'Trigger URL', message: expect.stringContaining("paste the itsme Trigger's full Production URL") });
	});

	it('refuses what is neither a URL nor a path, naming both forms', () => {
		for (const typed of ['n8n.example.com/webhook/x/itsme', 'javascript:alert(1)', 'webhook/x/itsme', '']) {
			expect(placeTriggerUrl(typed, here, false)).toEqual({
				field: 'Trigger URL',
				message: "must be the itsme Trigger's Production URL (https://…/webhook/…/itsme) or just its path (/webhook/…/itsme)",
			});
		}
	});
});
