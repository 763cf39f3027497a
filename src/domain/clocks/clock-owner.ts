/**
 * Who acts on a clock (STANDARDS E, issue 11): inside its alert window, the official whose task
 * it is — the court's clerk brings the person before a judge and has orders renewed, the
 * facility ends a segregation, reviews a placement at eighteen, releases on the release date;
 * once the limit has passed, it is escalated to a supervisor.
 */
import type { Role } from '../permissions.ts';
import type { ClockRuleId } from './rules.ts';

const responsible: Readonly<Record<ClockRuleId, Role>> = {
  first_appearance: 'court_clerk',
  detention_order: 'court_clerk',
  pretrial_cap: 'court_clerk',
  segregation: 'facility_officer',
  coming_of_age: 'facility_officer',
  release_date: 'facility_officer',
};

/** The role that must act on a clock in this state. */
export function clockOwner(rule: ClockRuleId, status: 'due_soon' | 'breached'): Role {
  return status === 'breached' ? 'supervisor' : responsible[rule];
}
