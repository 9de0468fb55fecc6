import { everyFaultIsCaught } from './support/kill.ts';

// The strict oracle accepts only the mock's own readings: it must see every fault too.
everyFaultIsCaught(true);
