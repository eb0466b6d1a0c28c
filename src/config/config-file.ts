/** The book's settings file in the manuscript folder. A module of its own: the parallel build names it before it loads the pipeline. */
export const CONFIG_FILE = 'book.yaml';
