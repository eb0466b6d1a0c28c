// The Typst side of the comparison, run by bench/run.ts as a fresh process.
// Plain JavaScript on purpose: the timed process then pays no tsx loader,
// so Typst is not charged for our tooling (the comparison errs in its favour).
//   node bench/typst-compile.mjs MAIN.typ OUT.pdf FONT_DIR...
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const [main, out, ...fontPaths] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace: dirname(resolve(main)), fontArgs: [{ fontPaths }] });
const result = compiler.compile({ mainFilePath: resolve(main) });
if (result.hasError()) {
  result.printErrors();
  process.exit(1);
}
const pdf = compiler.pdf(result.result);
writeFileSync(out, pdf);
process.stdout.write(`${JSON.stringify({ pages: result.result.numOfPages, bytes: pdf.length })}\n`);
