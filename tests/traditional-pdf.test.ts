import { SAMPLE } from './helpers/paths.ts';
import { traditionalPdfSuite } from './suites/traditional-pdf-book.ts';

traditionalPdfSuite('sample book', () => SAMPLE);
