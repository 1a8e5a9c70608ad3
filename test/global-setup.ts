// Vitest global setup: starts shared real servers once for the whole run (see test/support/).
export async function setup(): Promise<void> {}
export async function teardown(): Promise<void> {}
