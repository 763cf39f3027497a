/**
 * TypeBox schemas of a liaison officer's nationals (routes/nationals.ts) and of the record of
 * sharings with states: closed objects, in the manner of schemas.ts. A national carries the
 * register number and only the fields the state's data-sharing policy allows (the others are
 * absent, never null).
 */
import { Type } from '@sinclair/typebox';
import { custodyStatuses } from '../domain/custody.ts';
import { scripts } from '../domain/events.ts';
import { legalStatuses } from '../domain/placement.ts';
import { repatriationStatuses } from '../domain/repatriation.ts';
import { sharedFields } from '../domain/sharing-policy.ts';
import { closed, DateOfBirthSchema, oneOfStrings, uuid } from './schemas.ts';

const stateCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code of the state, e.g. FR' });

/** A state's data-sharing policy: the fields its liaison officers see of its nationals, and the legal basis. */
export const SharingPolicySchema = closed({
  fields: Type.Array(oneOfStrings(sharedFields), { maxItems: sharedFields.length, description: `The fields of a national's record the state's liaison officers see, besides the register number: ${sharedFields.join(', ')}` }),
  legal_basis: Type.String({ maxLength: 1000, description: 'The treaty, agreement or law (and article) the sharing rests on' }),
});

export const SharingPolicyResponse = Type.Union([
  closed({ fields: Type.Array(oneOfStrings(sharedFields)), legal_basis: Type.Union([Type.String(), Type.Null()]) }),
  Type.Null({ description: 'No policy recorded: the minimal default (register numbers only)' }),
]);

export const NationalSchema = closed({
  id: uuid,
  register_number: Type.String(),
  names: Type.Optional(Type.Array(closed({ script: oneOfStrings(scripts), full: Type.String() }))),
  date_of_birth: Type.Optional(DateOfBirthSchema),
  sex: Type.Optional(oneOfStrings(['male', 'female', 'unknown'] as const)),
  nationalities: Type.Optional(Type.Array(Type.String())),
  languages: Type.Optional(Type.Array(Type.String())),
  documents: Type.Optional(Type.Array(closed({ kind: Type.String(), number: Type.String(), issuing_country: Type.String() }))),
  custody_status: Type.Optional(oneOfStrings(custodyStatuses)),
  facility: Type.Optional(Type.Union([closed({ id: uuid, name: Type.String() }), Type.Null()])),
  legal_status: Type.Optional(Type.Union([oneOfStrings(legalStatuses), Type.Null()])),
  case_stage: Type.Optional(Type.Union([closed({ case_id: uuid, status: oneOfStrings(repatriationStatuses) }), Type.Null()])),
});

export const NationalsQuery = closed({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'a register number; a name, where the state is shown names; a document number, where it is shown documents' })),
  ids: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,199}$', description: 'only these persons (at most 200 ids, comma-separated)' })),
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|1[0-9]{2}|200)$', description: 'how many, 1–200 (default 50)' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'how many to skip, in register-number order' })),
});

export const NationalsResponse = closed({
  state: Type.Union([stateCode, Type.Null()], { description: 'The state the account is bound to (null: none, and nobody is listed)' }),
  fields: Type.Array(Type.String(), { description: 'What is shown of each national: the register number and the fields of the state’s data-sharing policy' }),
  legal_basis: Type.Union([Type.String(), Type.Null()], { description: 'The policy’s legal basis (null: no policy recorded, the minimal default)' }),
  total: Type.Integer({ minimum: 0, description: 'How many of the state’s nationals match, in all' }),
  nationals: Type.Array(NationalSchema),
});

export const ExportQuery = closed({ format: oneOfStrings(['xlsx', 'csv'] as const, { description: 'the file: an XLSX workbook, or CSV (UTF-8 with a byte-order mark)' }) });

/** The file's column titles in the reader's language (the pages send them); the cells keep their codes. */
export const ExportBody = Type.Union([
  closed({
    column_titles: Type.Optional(closed(Object.fromEntries(['register_number', ...sharedFields].map((c) => [c, Type.Optional(Type.String({ minLength: 1, maxLength: 100 }))])))),
    right_to_left: Type.Optional(Type.Boolean({ description: 'the sheet read right to left (an Arabic or Sorani reader)' })),
  }),
  Type.Null(),
]);

export const SharingRecordsQuery = closed({
  state: Type.Optional(stateCode),
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|1[0-9]{2}|200)$', description: 'how many, 1–200 (default 50), the latest first' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'how many to skip' })),
});

const sharingProperties = {
  id: Type.Integer(),
  state: Type.String(),
  account: Type.String({ description: 'The username of the liaison officer who received it' }),
  legal_basis: Type.Union([Type.String(), Type.Null()], { description: 'null: no policy recorded, the minimal default' }),
  fields: Type.Array(Type.String()),
  what: Type.String({ description: 'What was read: "nationals list", "national", "nationals download xlsx", "repatriation case", …' }),
  persons: Type.Integer({ minimum: 0, description: 'How many persons the sharing concerned' }),
  shared_at: Type.String(),
};

export const SharingRecordsResponse = closed({ records: Type.Array(closed(sharingProperties)), total: Type.Integer({ minimum: 0 }) });
export const SharingRecordResponse = closed({ ...sharingProperties, person_list: Type.Array(closed({ id: uuid, register_number: Type.String() })) });
export const SharingParams = closed({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
