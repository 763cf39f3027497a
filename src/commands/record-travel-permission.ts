import { repatriationStep } from './repatriation-command.ts';

/** An Iraqi court's decision permitting travel although the person's case before it is open (a judge's account). */
export const recordTravelPermission = repatriationStep('record-travel-permission', 'record_court_permission');
