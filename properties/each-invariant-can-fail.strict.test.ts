import { everyFaultIsCaught } from './support/kill.ts';

// The strict oracle accepts only the mock's own readings: it must see the faults that take another reading.
everyFaultIsCaught(true);
