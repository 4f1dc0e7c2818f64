import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { memoryOf } from './sessionMemory';

/** Execution hint of an itsme Trigger run that came through its Test URL. */
export const TRIGGER_TEST_RUN_HINT: NodeExecutionHint = {
	type: 'info',
	location: 'outputPane',
	message:
		"This run came through the itsme Trigger's Test URL, which n8n serves only while you test in the editor: the itsme Session node's Trigger URL must be this Test URL to reach the trigger now, and its Production URL once the workflow is active.",
};

/**
 * The trigger's step, the first of each execution it started: n8n runs it with what webhook()
 * emitted, once it holds the execution. Running in this process, it confirms the delivery's lease
 * (see sessionMemory); elsewhere (a queue-mode worker) n8n's answer to the delivery does. It also
 * records the memory in the execution's static data, which n8n saves when the execution ends: n8n
 * 2.x does not save what the delivery recorded when it answers only after saving the execution
 * (preparing the execution resets its change mark). n8n runs test-URL webhooks in 'manual' mode
 * (their static data is not saved) and production ones in 'webhook' mode.
 */
export function triggerStep(context: IExecuteFunctions): INodeExecutionData[][] {
	const items = context.getInputData();
	const memory = memoryOf(context.getWorkflow().id ?? '', context.getNode().id);
	for (const { json } of items) if (typeof json.sessionId === 'string') memory.confirm(json.sessionId);
	memory.keepIn({ global: context.getWorkflowStaticData('global'), node: context.getWorkflowStaticData('node') });
	if (context.getMode() === 'manual') context.addExecutionHints(TRIGGER_TEST_RUN_HINT);
	return [items];
}
