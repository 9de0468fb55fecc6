import fc from 'fast-check';

// Every random choice of the tests is seeded: a property, a sample, a generated case without a seed
// of its own takes this one, so a failure replays as it happened.
fc.configureGlobal({ seed: 20261202 });
