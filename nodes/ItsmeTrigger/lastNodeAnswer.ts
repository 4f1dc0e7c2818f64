import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

/**
 * "Page From the Last Node": the workflow builds the person's page, as the Webhook node's "When
 * Last Node Finishes" does. n8n itself sends it (responseMode `lastNode`, which its webhook helpers
 * honour for any trigger): the `html` field of the first item of the last node that runs, the field
 * n8n's HTML node (Generate HTML Template) fills. n8n's Respond to Webhook node cannot do this: it
 * refuses to run unless a Webhook, Form Trigger, Chat Trigger or Wait node comes before it.
 */
export const LAST_NODE_ANSWER = 'lastNode';

/** The field of the last node's first item that n8n sends as the page. */
export const PAGE_FIELD = 'html';

const answeredByLastNode = `$parameter["browserAnswer"] === "${LAST_NODE_ANSWER}"`;

/**
 * n8n-workflow's key (2.41 and later) for the resolvers of a webhook description's fields: n8n then
 * reads those fields from the node's parameters without evaluating the templates in its expression
 * engine, on every webhook call. Older n8n versions ignore it and evaluate the templates, which say the same.
 */
export const WEBHOOK_RESOLVERS: unique symbol = Symbol.for('n8n.webhookDescriptionResolvers');

type Parameters = { browserAnswer?: unknown };
const byLastNode = (parameters: Parameters) => parameters.browserAnswer === LAST_NODE_ANSWER;
/** Each field as n8n's editor sees it (the template) and as n8n 2.41 resolves it natively (the same choice). */
const fields = {
	responseMode: { template: `={{ ${answeredByLastNode} ? "${LAST_NODE_ANSWER}" : "onReceived" }}`, resolve: (p: Parameters) => (byLastNode(p) ? LAST_NODE_ANSWER : 'onReceived') },
	responseCode: { template: `={{ ${answeredByLastNode} ? 200 : 303 }}`, resolve: (p: Parameters) => (byLastNode(p) ? 200 : 303) },
	// Empty outside lastNode mode, so that n8n sends the node's own (empty) answer body.
	responseData: { template: `={{ ${answeredByLastNode} ? "firstEntryJson" : "" }}`, resolve: (p: Parameters) => (byLastNode(p) ? 'firstEntryJson' : '') },
};

/**
 * The response settings of the browser webhooks. In `lastNode` mode n8n sends the last node's page.
 * Otherwise the node answers the browser itself, except when it starts an execution: then n8n sends
 * the node's redirect (status 303, the Location the node set, an empty body), n8n 2.x only once it
 * has saved the execution.
 */
export const browserWebhookResponse: Pick<
	IWebhookDescription,
	'responseMode' | 'responseCode' | 'responseData' | 'responsePropertyName' | 'responseContentType'
> & { [WEBHOOK_RESOLVERS]: typeof fields } = {
	responseMode: fields.responseMode.template,
	responseCode: fields.responseCode.template,
	responseData: fields.responseData.template,
	responsePropertyName: PAGE_FIELD,
	responseContentType: 'text/html; charset=utf-8',
	[WEBHOOK_RESOLVERS]: fields,
};

export const lastNodeAnswerOption = {
	name: 'Page From the Last Node',
	value: LAST_NODE_ANSWER,
	description: `The "${PAGE_FIELD}" field of the last node's first item, e.g. from an HTML node`,
};

export const lastNodeAnswerNotice: INodeProperties = {
	displayName: `End this workflow with a node whose first item has an "${PAGE_FIELD}" field, e.g. an HTML node (Generate HTML Template): n8n sends it to the person's browser when the workflow has finished. Outcomes not in Trigger On, and a reload of the page, get the built-in page or redirect of the options.`,
	name: 'lastNodeNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { browserAnswer: [LAST_NODE_ANSWER] } },
};
