/**
 * TypeBox schemas of the custody-life routes (routes/custody-life.ts): classifications and their
 * contests, disciplinary charges, hearings, sanctions and appeals. Closed objects; choices as one
 * `enum`. A sanction's `kind` lists the prohibited measures too, so that the domain refuses them
 * by name (sanction.ts) rather than as an unknown value.
 */
import { Type } from '@sinclair/typebox';
import { classificationStatuses, contestants, contestOutcomes, riskLevels, securityCategories } from '../domain/classification.ts';
import { maxOffences } from '../domain/disciplinary-rules.ts';
import { appealOutcomes, appellants, disciplineStatuses, hearingFindings } from '../domain/discipline.ts';
import { permittedSanctions, sanctionKinds } from '../domain/sanction.ts';
import { closed, EventSummarySchema, oneOfStrings, uuid } from './schemas.ts';

const text = (maxLength = 2000) => Type.String({ maxLength });
const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset, e.g. 2026-03-01T09:00:00+03:00' });
const nullable = (maxLength = 500) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
const clockStatus = oneOfStrings(['running', 'due_soon', 'met', 'met_late', 'breached'] as const);

export const PersonClassificationParams = closed({ id: uuid, classification_id: uuid });
export const PersonDisciplineParams = closed({ id: uuid, case_id: uuid });

export const AssessBody = closed({
  category: oneOfStrings(securityCategories),
  risk: oneOfStrings(riskLevels),
  reasons: text(),
  assessed_at: instant,
  review_due: Type.String({ maxLength: 40, description: 'When the assessment is reviewed (MR94): an instant after assessed_at' }),
});
export const ContestBody = closed({ contestant: oneOfStrings(contestants), grounds: text(), lodged_at: instant });
export const DecideContestBody = closed({ outcome: oneOfStrings(contestOutcomes), reasons: text(), decided_at: instant });
export const ClassificationEventsResponse = closed({ classification_id: uuid, events: Type.Array(EventSummarySchema) });

export const ChargeBody = closed({
  offence: Type.String({ maxLength: 60, description: 'The code of an offence of the rules in force at the facility holding the person on the day of the act (GET /api/facilities/{id}/disciplinary-rules); any other is refused (offence_not_defined)' }),
  act: text(),
  act_at: instant,
  charged_at: Type.String({ maxLength: 40, description: 'When the person was told of the charge (MR41(1))' }),
});
export const HearingBody = closed({
  held_at: instant,
  detainee_statement: Type.String({ maxLength: 4000, description: 'What the person said in their defence, or that they chose to say nothing' }),
  interpreter: Type.Optional(text(200)),
  counsel: Type.Optional(text(200)),
  finding: oneOfStrings(hearingFindings),
  reasons: text(),
});
export const SanctionBody = closed({
  kind: oneOfStrings(sanctionKinds, { description: `Permitted: ${permittedSanctions.join(', ')}; the others are prohibited and refused by name (prohibited_sanction)` }),
  days: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 366 }), Type.Null()], { description: 'Whole days; none for a warning; solitary confinement at most 15 consecutive days' })),
  starts_at: instant,
});
export const EndSanctionBody = closed({ ended_at: instant, reason: text() });
export const AppealBody = closed({ appellant: oneOfStrings(appellants), grounds: text(), lodged_at: instant });
export const DecideAppealBody = closed({ outcome: oneOfStrings(appealOutcomes), reasons: text(), decided_at: instant });
export const DisciplineEventsResponse = closed({ case_id: uuid, events: Type.Array(EventSummarySchema) });

const ClassificationSchema = closed({
  id: uuid,
  person_id: uuid,
  facility_id: uuid,
  category: oneOfStrings(securityCategories),
  risk: oneOfStrings(riskLevels),
  reasons: Type.String(),
  assessed_at: Type.String(),
  assessed_by: Type.String(),
  review_due: Type.String(),
  status: oneOfStrings(classificationStatuses),
  superseded_at: nullable(40),
  contest: Type.Union([
    closed({
      contestant: oneOfStrings(contestants),
      grounds: Type.String(),
      lodged_at: Type.String(),
      recorded_by: Type.String(),
      decision: Type.Union([closed({ outcome: oneOfStrings(contestOutcomes), reasons: Type.String(), decided_at: Type.String(), decided_by: Type.String() }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  review: closed({ status: clockStatus, due: Type.String() }),
});

const DisciplinarySchema = closed({
  id: uuid,
  person_id: uuid,
  facility_id: uuid,
  status: oneOfStrings(disciplineStatuses),
  offence: Type.String(),
  title: nullable(200),
  rules_id: Type.Union([uuid, Type.Null()]),
  rule: Type.String(),
  act: Type.String(),
  act_at: Type.String(),
  charged_at: Type.String(),
  charged_by: Type.String(),
  hearing: Type.Union([
    closed({ held_at: Type.String(), held_by: Type.String(), detainee_statement: Type.String(), interpreter: nullable(200), counsel: nullable(200), finding: oneOfStrings(hearingFindings), reasons: Type.String() }),
    Type.Null(),
  ]),
  sanction: Type.Union([closed({ kind: oneOfStrings(permittedSanctions), days: Type.Union([Type.Integer(), Type.Null()]), starts_at: Type.String(), imposed_by: Type.String(), ended_at: nullable(40) }), Type.Null()]),
  appeal: Type.Union([
    closed({
      appellant: oneOfStrings(appellants),
      grounds: Type.String(),
      lodged_at: Type.String(),
      recorded_by: Type.String(),
      decision: Type.Union([closed({ outcome: oneOfStrings(appealOutcomes), reasons: Type.String(), decided_at: Type.String(), decided_by: Type.String() }), Type.Null()]),
    }),
    Type.Null(),
  ]),
});


const RuleSanctionSchema = closed({
  kind: oneOfStrings(sanctionKinds, { description: `Permitted: ${permittedSanctions.join(', ')}; the others are prohibited and refused by name (prohibited_sanction)` }),
  max_days: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 366 }), Type.Null()], { description: 'The longest duration in whole days; none for a warning; solitary confinement at most 15' })),
});
const OffenceRuleBody = closed({
  code: Type.String({ maxLength: 60, description: 'The offence’s code, the same across versions: lower case letters, digits and underscores' }),
  rule: text(100),
  title: text(200),
  conduct: text(),
  sanctions: Type.Array(RuleSanctionSchema, { maxItems: permittedSanctions.length }),
  authority: text(300),
});
export const AdoptRulesBody = closed({
  effective_from: Type.String({ maxLength: 10, description: 'The local day the rules take effect: YYYY-MM-DD' }),
  legal_basis: text(500),
  offences: Type.Array(OffenceRuleBody, { maxItems: maxOffences }),
});
export const RulesAdoptedResponse = closed({ rules_id: uuid, events: Type.Array(EventSummarySchema) });

const RulesSchema = closed({
  id: uuid,
  facility_id: uuid,
  effective_from: Type.String(),
  legal_basis: Type.String(),
  offences: Type.Array(closed({ code: Type.String(), rule: Type.String(), title: Type.String(), conduct: Type.String(), sanctions: Type.Array(closed({ kind: oneOfStrings(permittedSanctions), max_days: Type.Union([Type.Integer(), Type.Null()]) })), authority: Type.String() })),
  adopted_by: Type.String(),
  adopted_at: Type.String(),
});
export const RulesResponse = closed({
  in_force: Type.Union([uuid, Type.Null()], { description: 'The version in force today (the facility’s local day), if any' }),
  versions: Type.Array(RulesSchema, { description: 'Every version adopted, the latest first' }),
});

export const CustodyLifeResponse = closed({
  classifications: Type.Array(ClassificationSchema),
  discipline: Type.Array(DisciplinarySchema),
  facility_id: Type.Union([uuid, Type.Null()]),
  rules: Type.Union([RulesSchema, Type.Null()], { description: 'The disciplinary rules in force today at the facility holding the person' }),
});
