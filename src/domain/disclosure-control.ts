/**
 * PLACEHOLDER — replaced at merge by the disclosure-control module of issue 17 (its own work,
 * with its own tests: secondary suppression, rounding, the exact audit). This file keeps only
 * the interface (notes/iface-17) and primary suppression, so that the figures can be built
 * against it. Do not build on its suppression logic.
 */

export interface CountTable {
  readonly name: string;
  readonly row_dimension: string;
  readonly column_dimension: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly number[])[];
}

export interface DisclosureParameters {
  readonly threshold: number;
  readonly rounding: 1 | 5;
  readonly publish_zeros: boolean;
}

export interface ProtectedTable {
  readonly name: string;
  readonly row_dimension: string;
  readonly column_dimension: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly (number | null)[])[];
  readonly row_totals: readonly (number | null)[];
  readonly column_totals: readonly (number | null)[];
  readonly total: number | null;
}

export interface SuppressedCellInterval {
  table: string;
  row: number;
  column: number;
  lower: number;
  upper: number;
}

export interface DisclosureAudit {
  ok: boolean;
  intervals: SuppressedCellInterval[];
  problems: string[];
}

/** Placeholder: primary suppression and rounding of each count on its own (no secondary suppression). */
export function protectTables(tables: readonly CountTable[], parameters: DisclosureParameters): ProtectedTable[] {
  const publish = (n: number): number | null => {
    if (n === 0) return parameters.publish_zeros ? 0 : null;
    if (n <= parameters.threshold) return null;
    return parameters.rounding === 5 ? Math.round(n / 5) * 5 : n;
  };
  return tables.map((t) => {
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    return {
      name: t.name,
      row_dimension: t.row_dimension,
      column_dimension: t.column_dimension,
      rows: t.rows,
      columns: t.columns,
      cells: t.cells.map((r) => r.map(publish)),
      row_totals: t.cells.map((r) => publish(sum(r))),
      column_totals: t.columns.map((_, j) => publish(sum(t.cells.map((r) => r[j] ?? 0)))),
      total: publish(sum(t.cells.map(sum))),
    };
  });
}

/** Placeholder: reports only published counts inside 1..threshold. */
export function auditProtection(tables: readonly CountTable[], published: readonly ProtectedTable[], parameters: DisclosureParameters): DisclosureAudit {
  const problems: string[] = [];
  for (const p of published) {
    p.cells.forEach((r, i) => r.forEach((c, j) => {
      if (c !== null && c >= 1 && c <= parameters.threshold) problems.push(`${p.name}[${i}][${j}] publishes ${c}`);
    }));
  }
  void tables;
  return { ok: problems.length === 0, intervals: [], problems };
}
