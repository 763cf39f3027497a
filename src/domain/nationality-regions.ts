/**
 * The region a state belongs to, for publishing nationalities without singling out the few
 * nationals of a small state (issue 17): a state with few persons held is counted in its
 * region. Regions follow the UN geoscheme (M49), with Western Asia as `middle_east`; a code
 * not listed falls in `other`.
 */
const members: Readonly<Record<string, string>> = {
  middle_east: 'AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE',
  north_africa: 'DZ EG EH LY MA SD TN',
  sub_saharan_africa:
    'AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW',
  central_asia: 'KG KZ TJ TM UZ',
  south_asia: 'AF BD BT IN IR LK MV NP PK',
  east_asia_pacific: 'AU BN CN FJ HK ID JP KH KP KR LA MM MN MO MY NZ PG PH SB SG TH TL TW VN VU WS TO KI FM MH NR PW TV',
  europe:
    'AD AL AT BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM UA VA XK',
  americas:
    'AG AR BB BO BR BS BZ CA CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE PR PY SR SV TT US UY VC VE',
};

/** The regions, and `other` for a state not listed. */
export const regions = [...Object.keys(members), 'other'] as const;

const regionOf = new Map<string, string>(Object.entries(members).flatMap(([region, codes]) => codes.split(' ').map((c) => [c, region] as const)));

/** The region label of a state's code (`region:<name>`); `region:other` when it is not listed. */
export function nationalityRegion(code: string): string {
  return `region:${regionOf.get(code) ?? 'other'}`;
}
