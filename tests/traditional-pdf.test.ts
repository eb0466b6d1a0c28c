import { LONE_CHAPTER, SAMPLE } from './helpers/paths.ts';
import { traditionalPdfSuite } from './suites/traditional-pdf-book.ts';

traditionalPdfSuite('sample book', () => SAMPLE);
traditionalPdfSuite('lone chapter fixture', () => LONE_CHAPTER);
