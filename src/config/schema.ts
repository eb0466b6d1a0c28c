/**
 * book.yaml, as a schema. `.strict()` everywhere: a misspelt key is an error
 * at its line, never a silently ignored setting (mdBook's deny_unknown_fields).
 */
import type { z as Zod } from 'zod';
import { z } from './zod.ts';
import { EDITIONS, FORMATS, LAYOUTS } from './editions.ts';
import { isoDate, isoMoment, shownText } from './fields.ts';
import { printSchema } from './print.ts';
import { accessibilitySchema, isbnSchema, tocSchema } from './publication.ts';

const layoutList = z.union([z.enum(LAYOUTS), z.array(z.enum(LAYOUTS)).min(1)]);
const fontList = z.array(z.string().min(1)).min(1);
const fontRoles = z.object({ body: fontList, bold: fontList, heading: fontList, poem: fontList }).partial().strict();

export const bookConfigSchema = z
  .object({
    title: shownText,
    subtitle: shownText.optional(),
    author: shownText,
    publisher: shownText.optional(),
    description: shownText.optional(),
    /** The rights statement (版权所有　侵权必究): the copyright pages' last line, and the EPUB's dc:rights. */
    rights: shownText.optional(),
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'a slug is lower-case ASCII letters, digits and hyphens')
      .optional(),
    identifier: shownText.optional(),
    published: isoDate.optional(),
    modified: isoMoment.optional(),
    editions: z.array(z.enum(EDITIONS)).min(1).optional(),
    formats: z.array(z.enum(FORMATS)).min(1).optional(),
    order: z.array(z.string().regex(/\.md$/, 'chapter files end in .md')).min(1).optional(),
    /** Per edition (or `all`), per role, an ordered fallback list of fonts. */
    fonts: z.partialRecord(z.enum([...EDITIONS, 'all']), fontRoles).optional(),
    /** The print edition: trim, bleed, paper, and what the copyright page states (src/config/print.ts). */
    print: printSchema.optional(),
    /** The author's own cover image, inside the manuscript folder; without it one is drawn from templates/cover.svg. */
    cover: z.string().regex(/\.(png|jpe?g)$/iu, 'a cover is a .png, .jpg or .jpeg file').optional(),
    /** horizontal (default) or vertical, a list of both, or per edition one of those. */
    layout: z.union([layoutList, z.partialRecord(z.enum(EDITIONS), layoutList)]).optional(),
    /** Per edition, the ISBN of its EPUB and of its print edition (src/config/publication.ts). */
    isbn: isbnSchema.optional(),
    /** What the contents lists: heading depth, and the routine sections. */
    toc: tocSchema.optional(),
    /** The EPUB's accessibility summary, and who evaluated the book for a conformance claim. */
    accessibility: accessibilitySchema.optional(),
    /** The generated back matter: 人物谱 and 大事年表 from the chapter metadata. */
    appendices: z.object({ people: z.boolean(), timeline: z.boolean(), honorifics: z.array(shownText) }).partial().strict().optional(),
  })
  .strict();

export type BookConfigInput = Zod.infer<typeof bookConfigSchema>;
