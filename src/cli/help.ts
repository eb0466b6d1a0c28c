import { EDITIONS, FORMATS } from '../config/editions.ts';
import type { Command } from './args.ts';

/**
 * How the user starts a command: `zhanghui build` when installed,
 * `npm run build --` inside this repository.
 */
export type Invoke = (command: string) => string;

/* The help texts, each with the command spelt as the user starts it. */

const DIR = `  DIR              the manuscript folder: *.md chapters, book.yaml, images (default: .)
  --chapters DIR   the same, as a flag (give the folder one way, not both)`;
const OUT = `  --out DIR        the output folder (default: DIR/dist)`;
const EXIT = `Exit codes: 0 ok (warnings allowed), 1 manuscript or build error, 2 usage error.`;

const COMMAND_HELP: Record<Command, (prog: Invoke) => string> = {
  build: (prog) => `Usage: ${prog('build')} [DIR] [options]

Builds the book: the EPUB, PDF, print and HTML editions book.yaml names.

${DIR}
${OUT}
  --edition LIST   comma list of ${EDITIONS.join(', ')}
  --format LIST    comma list of ${FORMATS.join(', ')}
  --layout LIST    horizontal, vertical (直排), or horizontal,vertical for both (default: book.yaml's layout, else horizontal)
  --strict         exit 1 on any warning, before anything is written
  --allow-missing-glyphs  a character no font has is a warning, drawn as a placeholder
  --verbose        also print notes (every punctuation change, for example)
  --watch          build, then rebuild whenever the manuscript folder changes (Ctrl-C stops)
  -h, --help       this text

${EXIT}`,
  check: (prog) => `Usage: ${prog('check')} [DIR] [options]

Parses and lints the manuscript and writes nothing; every finding is printed as
path:line[:column] severity message [rule-id].

${DIR}
  --edition LIST   comma list of ${EDITIONS.join(', ')} (default: book.yaml's editions)
  --strict         exit 1 on any warning
  --allow-missing-glyphs  a character no font has is a warning
  --verbose        print every note (without it, three of a kind per file and a count of the rest)
  -h, --help       this text

${EXIT}`,
  init: (prog) => `Usage: ${prog('init')} [DIR]

Starts a new book in DIR (default: .; created if missing): a commented
book.yaml with every key, two short sample chapters, glossary templates for
the Traditional editions, an image and a .gitignore for the outputs. Nothing
that exists is overwritten: if any of these files is already there, nothing
is written and the command exits 1. In a folder that holds chapters (*.md)
already, the sample chapters and their image are left out.

  -h, --help       this text

${EXIT}`,
  serve: (prog) => `Usage: ${prog('serve')} [DIR] [options]

Builds the HTML preview and serves it over HTTP; every save in the manuscript
folder rebuilds it and reloads the page in the browser. A save that breaks the
book shows the error in the page and keeps the last good pages. Ctrl-C stops.

${DIR}
${OUT}
  --edition LIST   which editions to preview (default: book.yaml's editions)
  --port N         the port (default: 3000; 0 picks a free one)
  --host H         the address to listen on (default: 127.0.0.1, this machine only)
  --open           open the preview in the default browser
  --allow-missing-glyphs  a character no font has is a warning
  --verbose        also print notes
  -h, --help       this text

${EXIT}`,
  clean: (prog) => `Usage: ${prog('clean')} [DIR] [options]

Deletes what the build wrote in the output folder: <slug>.<edition>.* files,
the HTML preview folders and leftover temporary files of an interrupted build.
The folder itself and anything else in it stay.

${DIR}
${OUT}
  --dry-run        list what would be deleted, delete nothing
  -h, --help       this text

${EXIT}`,
};

export function commandHelp(command: Command, prog: Invoke): string {
  return COMMAND_HELP[command](prog);
}

export function generalHelp(prog: Invoke): string {
  return `Usage: ${prog('<command>')} [DIR] [options]

Turns a Markdown manuscript of a Chinese chapter novel into EPUB 3, PDF, a
print edition and an HTML preview, in Simplified and Traditional editions.

Commands:
  init [DIR]       start a new book: book.yaml, two sample chapters, glossaries
  check [DIR]      parse and lint the manuscript, write nothing
  build [DIR]      build the outputs into DIR/dist
  serve [DIR]      preview in the browser, rebuilt and reloaded on every save
  clean [DIR]      delete what build wrote in DIR/dist

  ${prog('<command>')} --help   the options of one command
  ${prog('--version')}          the version

${EXIT}`;
}
