import { seedManuscript } from '../helpers/paths.ts';
import { traditionalEpubSuite } from '../suites/traditional-epub-book.ts';

traditionalEpubSuite('seed chapter', seedManuscript);
