// monokle.mjs PEERDIR -l LIST | monokle.mjs PEERDIR FILE...: validate
// every Kubernetes manifest named in LIST (one path a line) or on the
// command line with @monokle/validation, installed under PEERDIR by
// bench/run.sh, in this one process, and print
//
//	files N resources N problems N
//
// The plugins are the ones the package bundles and runs offline:
// pod-security-standards, practices, metadata, yaml-syntax and
// resource-links. kubernetes-schema and open-policy-agent download their
// schemas and policy from the network when they start, so they are left
// out, and fetch is replaced by one that throws, so that nothing here can
// reach the network.
//
// Each file is split into its YAML documents the way the Monokle CLI does
// it: a document with an apiVersion and a kind is a resource.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [peerdir, ...args] = process.argv.slice(2);
if (!peerdir || !args.length || (args[0] === '-l' && args.length !== 2)) {
	console.error('usage: node monokle.mjs PEERDIR (-l LIST | FILE...)');
	process.exit(2);
}
globalThis.fetch = () => {
	throw new Error('monokle.mjs: no network in the benchmark');
};
const require = createRequire(peerdir + '/');
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const mv = await load('@monokle/validation');
const YAML = await load('yaml');

const files = args[0] === '-l' ?
	readFileSync(args[1], 'utf8').split('\n').filter(Boolean) : args;
const resources = [];
for (const path of files) {
	const text = readFileSync(path, 'utf8');
	const docs = YAML.parseAllDocuments(text);
	// a file of one JSON value parses as one document too
	(Array.isArray(docs) ? docs : [docs]).forEach((doc, i) => {
		let content;
		try {
			content = doc.toJS();
		} catch {
			return;
		}
		if (!content || typeof content !== 'object' ||
		    !content.apiVersion || !content.kind)
			return;
		const [start, end] = doc.range ?? [0, text.length];
		resources.push({
			id: `${path}#${i}`,
			fileId: path,
			filePath: path,
			fileOffset: start,
			name: content.metadata?.name ?? '',
			apiVersion: String(content.apiVersion),
			kind: String(content.kind),
			namespace: content.metadata?.namespace,
			content,
			text: text.slice(start, end),
		});
	});
}

const validator = new mv.MonokleValidator({
	loader: new mv.DefaultPluginLoader(),
	parser: new mv.ResourceParser(),
	suppressors: [],
	fixer: new mv.DisabledFixer(),
}, {
	plugins: {
		'pod-security-standards': true,
		'practices': true,
		'metadata': true,
		'yaml-syntax': true,
		'resource-links': true,
	},
});
const response = await validator.validate({ resources });
let problems = 0;
for (const run of response.runs)
	problems += run.results.length;
console.log(`files ${files.length} resources ${resources.length} problems ${problems}`);
