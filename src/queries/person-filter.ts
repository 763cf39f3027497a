/**
 * A condition on persons that a caller adds to a query's WHERE (the API's scopes: src/api/scope.ts
 * `personScopeSql`): given the SQL expression of a person's id and the query's parameters so far,
 * it appends its own parameters and returns the condition. Queries stay unaware of who reads.
 */
export type PersonFilter = (person: string, params: unknown[]) => string;

/** Every person. */
export const everyPerson: PersonFilter = () => 'TRUE';
