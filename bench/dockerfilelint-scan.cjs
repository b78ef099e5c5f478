// dockerfilelint-scan.cjs PEERDIR LIST: print the paths of LIST (one a
// line) that dockerfilelint, installed under PEERDIR by bench/run.sh,
// lints without an exception; say on stderr which it fails on and why.
//
// dockerfilelint 1.8.0 throws on some Dockerfiles (a TypeError on a null
// in its parser for most of them) and its command line then stops, so
// bench/run.sh times its one-process run over the files it does not fail
// on. Each file goes through what the command line does for it (read as
// UTF-8, lint.run with the file's directory as the configuration
// directory, the JSON reporter), in a try/catch of its own: the same
// answer as one process a file, in seconds rather than ten minutes.
// bench/run.sh then checks that the command line's one-process run over
// the files kept ends normally.
'use strict';
const fs = require('fs');
const path = require('path');

const [peerdir, list] = process.argv.slice(2);
if (!peerdir || !list) {
	console.error('usage: node dockerfilelint-scan.cjs PEERDIR LIST');
	process.exit(2);
}
const pkg = path.join(peerdir, 'node_modules', 'dockerfilelint');
const lint = require(path.join(pkg, 'lib', 'index'));
const Reporter = require(path.join(pkg, 'lib', 'reporter', 'json_reporter'));

const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
let failed = 0;
for (const file of files) {
	try {
		const content = fs.readFileSync(file, 'UTF-8');
		if (!content)
			throw new Error('empty file (the command line says "Invalid input")');
		const reporter = new Reporter();
		reporter.addFile(file, content,
			lint.run(path.resolve(path.dirname(file)), content));
		reporter.buildReport().toString();
		console.log(file);
	} catch (e) {
		failed++;
		console.error(`${file}: ${String(e).split('\n')[0]}`);
	}
}
console.error(`dockerfilelint-scan: ${files.length - failed} of ${files.length} files linted, ${failed} failed`);
