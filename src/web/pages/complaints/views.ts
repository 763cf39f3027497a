/** What the complaint pages read from the API (routes/complaints.ts), as they show it. */
import type { AllegationView, ComplaintView, PersonComplaints } from '../../../queries/complaints-file.ts';
import type { OwnFileDisclosure } from '../../../domain/own-file.ts';
import type { FormState } from '../../forms.ts';

export type { AllegationView, ComplaintView, PersonComplaints, OwnFileDisclosure };

/** A refused form by its name (`lodge`, `allegation`, `freeze`, `answer-<id>`, `acknowledge-<id>`, `close-<id>`). */
export type ComplaintForms = Readonly<Record<string, FormState>>;

/** Redaction rows on the own-file form. */
export const redactionRows = 3;
