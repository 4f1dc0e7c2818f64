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

/** The response settings of the browser webhooks; n8n reads them only in `lastNode` mode. */
export const browserWebhookResponse: Pick<IWebhookDescription, 'responseMode' | 'responseData' | 'responsePropertyName' | 'responseContentType'> = {
	// Any other answer is sent by the node itself, before the workflow runs.
	responseMode: `={{ $parameter["browserAnswer"] === "${LAST_NODE_ANSWER}" ? "${LAST_NODE_ANSWER}" : "onReceived" }}`,
	responseData: 'firstEntryJson',
	responsePropertyName: PAGE_FIELD,
	responseContentType: 'text/html; charset=utf-8',
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
