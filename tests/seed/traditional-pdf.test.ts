import { seedManuscript } from '../helpers/paths.ts';
import { traditionalPdfSuite } from '../suites/traditional-pdf-book.ts';

traditionalPdfSuite('seed chapter', seedManuscript);
