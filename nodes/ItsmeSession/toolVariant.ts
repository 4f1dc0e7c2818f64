import type { INodeProperties } from 'n8n-workflow';

/**
 * An `options` parameter as two: the node as it is, and its AI tool variant (which n8n builds from
 * `usableAsTool` under a type name ending in "Tool", and tells apart with `@tool` in displayOptions)
 * without the `notInTool` values. An agent's tool call runs to its end at once: a choice that pauses
 * the execution (Wait for Completion, Resume This Workflow) could never finish there.
 */
export function withoutInTool(property: INodeProperties, notInTool: readonly string[]): INodeProperties[] {
	const variant = (tool: boolean, options = property.options): INodeProperties => ({
		...property,
		options,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, '@tool': [tool] } },
	});
	const kept = property.options?.filter((option) => !('value' in option) || !notInTool.includes(String(option.value)));
	return [variant(false), variant(true, kept)];
}
