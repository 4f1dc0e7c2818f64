import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { documentedConfig } from '../../scripts/n8n/loadBalancer';

describe('docs/haproxy.cfg, the load balancer configuration docs/operating.md recommends', () => {
	it('is the configuration the end-to-end tests run (regenerate: npx tsx scripts/n8n/loadBalancer.ts > docs/haproxy.cfg)', () => {
		expect(readFileSync(join(__dirname, '../../docs/haproxy.cfg'), 'utf8')).toBe(documentedConfig());
	});
});
