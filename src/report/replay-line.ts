// A word the shell passes as it is: quoted only when it must be.
const shellWord = (text: string) => (/^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** How `token-contract replay` names one failure of a results.json: its invariant and its key. */
export const failureSelector = (invariant: string, key: string): string => `${invariant}:${key}`;

/** The command that runs a failure again with the failing run's target, faults, assumptions and seed. */
export const replayLine = (resultsPath: string, invariant: string, key: string): string =>
  `npx token-contract replay ${shellWord(resultsPath)} --failure ${shellWord(failureSelector(invariant, key))}`;
