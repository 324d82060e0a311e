/** The query key of a person's chart: invalidated by every screen that changes the record. */
export function chartKey(personId: string) {
  return ['person.chart', personId];
}
