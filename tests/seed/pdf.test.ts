import { seedManuscript } from '../helpers/paths.ts';
import { pdfBookSuite } from '../suites/pdf-book.ts';

pdfBookSuite('seed chapter', seedManuscript);
