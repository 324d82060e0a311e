// The person: many names (each with its script and where it came from), identifiers of several
// kinds, a date of birth or an estimated age, and what the first assessment records about them.
import { z } from '../api/zod.ts';
import { IsoDateSchema } from './envelope.ts';

export const SCRIPTS = ['Latn', 'Arab', 'Cyrl', 'Grek', 'Ethi', 'Deva', 'Beng', 'Other'] as const;

export const NameSourceSchema = z.enum(['document', 'spoken', 'transliterated']);

export const PersonNameSchema = z
  .object({
    family: z.string().trim().max(200).optional(),
    given: z.string().trim().max(200).optional(),
    /** ISO 15924 script of this spelling. */
    script: z.enum(SCRIPTS),
    source: NameSourceSchema,
    /** The name as the person or their document uses it: shown first. */
    preferred: z.boolean().default(false),
  })
  .strict()
  .refine((n) => (n.family?.length ?? 0) + (n.given?.length ?? 0) > 0, { message: 'A name needs a family or a given name', path: ['family'] });
export type PersonName = z.infer<typeof PersonNameSchema>;

export const IdentifierKindSchema = z.enum(['passport', 'national-id', 'asylum-case', 'registration-card', 'unhcr', 'record-number', 'other']);

export const IdentifierSchema = z
  .object({
    kind: IdentifierKindSchema,
    value: z.string().trim().min(1).max(100),
    /** ISO 3166-1 alpha-2 of the issuing country, where there is one. */
    issuer: z.string().regex(/^[A-Z]{2}$/).optional(),
  })
  .strict();

export const SexSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type Sex = z.infer<typeof SexSchema>;
export const LegalStatusSchema = z.enum(['refugee', 'asylum-seeker', 'migrant', 'subsidiary-protection', 'unknown']);

export const BirthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: IsoDateSchema }).strict(),
  /** An estimate made on a given day: the age can be brought forward to any later day. */
  z.object({ kind: z.literal('estimated'), years: z.number().int().min(0).max(120), estimatedOn: IsoDateSchema }).strict(),
]);
export type Birth = z.infer<typeof BirthSchema>;

/** What the linked person is to this one ("guardian": the linked person is this one's guardian). */
export const RELATIONS = ['parent', 'child', 'sibling', 'spouse', 'guardian', 'ward', 'other-relative', 'companion'] as const;
export type Relation = (typeof RELATIONS)[number];

/** The same tie seen from the other side: A is B's parent, so B is A's child. */
export const INVERSE_RELATION: Record<Relation, Relation> = {
  parent: 'child',
  child: 'parent',
  sibling: 'sibling',
  spouse: 'spouse',
  guardian: 'ward',
  ward: 'guardian',
  'other-relative': 'other-relative',
  companion: 'companion',
};

export const FamilyLinkSchema = z
  .object({
    personId: z.string().min(1).max(64),
    relation: z.enum(RELATIONS),
  })
  .strict();

export const PersonSchema = z
  .object({
    names: z.array(PersonNameSchema).min(1).max(20),
    identifiers: z.array(IdentifierSchema).max(20).default([]),
    birth: BirthSchema,
    sex: SexSchema,
    /** ISO 3166-1 alpha-2. */
    nationality: z.string().regex(/^[A-Z]{2}$/).optional(),
    countryOfOrigin: z.string().regex(/^[A-Z]{2}$/).optional(),
    /** BCP 47 tags, the preferred language first. */
    languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)).max(10).default([]),
    arrivalDate: IsoDateSchema.optional(),
    legalStatus: LegalStatusSchema.default('unknown'),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,20}$/).optional(),
    family: z.array(FamilyLinkSchema).max(30).default([]),
    unaccompaniedMinor: z.boolean().default(false),
  })
  .strict();
export type Person = z.infer<typeof PersonSchema>;
export type PersonInput = z.input<typeof PersonSchema>;
