/** What a role may do on the house pages (libs/events policy.py). */

const FIELD = ['admin', 'station', 'community', 'compound', 'coordinator'];

/** "coordinator.manage": assign coordinators. */
export function mayManageCoordinators(role: string): boolean {
  return ['admin', 'station', 'community'].includes(role);
}

/** "house.write" and "inspection.record": edit, cancel, file rentals, record inspections. */
export function mayWriteHouses(role: string): boolean {
  return FIELD.includes(role);
}
