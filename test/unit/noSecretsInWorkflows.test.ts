/**
 * Secrets live in the Signicat API credential, which n8n stores encrypted: never in a node parameter,
 * which lands in workflow JSON, version history, exports and anyone's git repository of workflows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { SignicatApi } from '../../credentials/SignicatApi.credentials';
import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import { ItsmeTrigger } from '../../nodes/ItsmeTrigger/ItsmeTrigger.node';

/** Every property of a node, with the options of its collections and fixed collections. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) => {
			if ('displayName' in option && 'type' in option) return allProperties([option as INodeProperties]);
			if ('values' in option) return allProperties((option as INodePropertyCollection).values);
			return [];
		});
		return [property, ...nested];
	});
}

/** Every key of a JSON value, however deep. */
function keysOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(keysOf);
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

const workflowFiles = [
	...readdirSync(join(__dirname, '../../examples')).filter((f) => f.endsWith('.json')).map((f) => join('examples', f)),
	...readdirSync(join(__dirname, '../workflows')).filter((f) => f.endsWith('.json')).map((f) => join('test/workflows', f)),
];

describe('secrets stay out of workflows', () => {
	it.each([
		['itsme Session', new ItsmeSession().description.properties],
		['itsme Trigger', new ItsmeTrigger().description.properties],
	])('%s has no password parameter', (_node, properties) => {
		const passwords = allProperties(properties).filter((p) => p.typeOptions?.password === true).map((p) => p.name);
		expect(passwords).toEqual([]);
	});

	it('keeps the Events Secret and the National Number Hash Key in the Signicat API credential, masked', () => {
		const masked = new SignicatApi().properties.filter((p) => p.typeOptions?.password === true).map((p) => p.name);
		expect(masked).toEqual(expect.arrayContaining(['clientSecret', 'eventsSecret', 'hashSecretKey']));
	});

	it.each(workflowFiles)('%s names no secret in any node parameter', (file) => {
		const workflow = JSON.parse(readFileSync(join(__dirname, '../..', file), 'utf8')) as { nodes: Array<{ parameters: unknown }> };
		const keys = workflow.nodes.flatMap((node) => keysOf(node.parameters));
		expect(keys.filter((key) => /secret|hashkey|password|token/i.test(key))).toEqual([]);
	});
});
