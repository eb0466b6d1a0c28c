import { seedManuscript } from '../helpers/paths.ts';
import { epubBookSuite } from '../suites/epub-book.ts';

epubBookSuite('seed chapter', seedManuscript);
