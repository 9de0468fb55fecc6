import type { Verdict } from '../campaign/index.ts';

/** Wraps text in an SGR colour, or leaves it as it is. */
export type Paint = (text: string, colour: 'red' | 'green' | 'yellow' | 'magenta' | 'dim') => string;

const CODES = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2 } as const;

export const plain: Paint = (text) => text;
const coloured: Paint = (text, colour) => `\x1b[${CODES[colour]}m${text}\x1b[0m`;

/** Colour for a terminal only, and never when NO_COLOR is set to anything but the empty string (no-color.org). */
export const paintFor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint =>
  stream.isTTY === true && !env.NO_COLOR ? coloured : plain;

export const VERDICT_COLOUR: Record<Verdict, Parameters<Paint>[1]> = {
  held: 'green',
  violated: 'red',
  error: 'magenta',
  skipped: 'yellow',
  interrupted: 'yellow',
};
