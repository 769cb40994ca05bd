// Opens the request slots a store goes with: shared by every worker in PostgreSQL, kept in this process with SQLite.
import type { StoreLocation } from '../../store/dialects/open-store.ts';
import { PostgresRateSlots } from './postgres-rate-slots.ts';
import { InProcessRateSlots, type RateSlots } from './rate-slots.ts';

export function openRateSlots(location: StoreLocation): RateSlots {
  return location.dialect === 'postgres'
    ? new PostgresRateSlots({ connectionString: location.connectionString, schema: location.schema })
    : new InProcessRateSlots();
}
