import type { IWebhookDescription } from 'n8n-workflow';
import { resolveWebhookDescriptionField, WEBHOOK_RESOLVERS as N8N_WEBHOOK_RESOLVERS, Workflow } from 'n8n-workflow';

import { WEBHOOK_RESOLVERS } from '../../nodes/ItsmeTrigger/lastNodeAnswer';
import { packageNodeTypes } from '../harness/fixtures';

const TRIGGER = 'n8n-nodes-signicat-itsme.itsmeTrigger';

/** The trigger in a workflow, its parameters completed with their defaults as n8n's Workflow does. */
function triggerIn(parameters: Record<string, unknown>) {
	const workflow = new Workflow({
		id: 'wf',
		nodes: [{ id: 'n1', name: 'itsme Trigger', type: TRIGGER, typeVersion: 1, position: [0, 0], parameters: parameters as never }],
		connections: {},
		active: true,
		nodeTypes: packageNodeTypes(),
	});
	return { workflow, node: workflow.nodes['itsme Trigger'] };
}

const browserWebhooks = () =>
	(packageNodeTypes().getByNameAndVersion(TRIGGER, 1).description.webhooks as IWebhookDescription[]).filter((webhook) => webhook.name === 'default');

describe("the itsme Trigger's browser webhooks, resolved without n8n's expression engine (n8n 2.41+)", () => {
	it("use n8n-workflow's own key for native resolvers", () => {
		expect(WEBHOOK_RESOLVERS).toBe(N8N_WEBHOOK_RESOLVERS);
	});

	it.each(['page', 'lastNode'])('give, with "%s" as the answer, what the templates give in the expression engine', (browserAnswer) => {
		const { workflow, node } = triggerIn({ browserAnswer });
		const webhooks = browserWebhooks();
		expect(webhooks).toHaveLength(2);
		for (const webhook of webhooks) {
			for (const field of ['responseMode', 'responseCode', 'responseData'] as const) {
				const native = resolveWebhookDescriptionField(node, webhook, field);
				expect(native.resolved).toBe(true);
				const evaluated = workflow.expression.getSimpleParameterValue(node, webhook[field] as string, 'webhook', {});
				expect({ field, value: native.resolved && native.value }).toEqual({ field, value: evaluated });
			}
		}
	});

	it('leave a trigger whose parameters hold an expression to the expression engine', () => {
		const { node } = triggerIn({ browserAnswer: '={{ "lastNode" }}' });
		expect(resolveWebhookDescriptionField(node, browserWebhooks()[0], 'responseMode').resolved).toBe(false);
	});
});
