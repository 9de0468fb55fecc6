import { everyFaultIsCaught } from './support/kill.ts';

// The default oracle accepts every reading a correct server may take: it must still see every fault.
everyFaultIsCaught(false);
