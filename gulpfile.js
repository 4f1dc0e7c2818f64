// Copies what n8n reads beside a node's or credential's compiled class: its icons, and a node's codex
// (`X.node.json` beside `X.node.js`: categories, aliases and documentation links in the nodes panel).
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
