import { seedManuscript } from '../helpers/paths.ts';
import { reviewBookSuite } from '../suites/review-book.ts';

reviewBookSuite('seed chapter', seedManuscript);
