import { InvalidArgumentError, Option } from 'commander';
import { positiveInteger } from './options.ts';

const share = (value: string) => {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1, e.g. 0.5');
  return n;
};

/** The pacing of a staging run, the same for a campaign and a replay. */
export const rateShareOption = () =>
  new Option('--rate-share <share>', 'share of the CMA rate limit (60 requests / 3 s) to use on staging')
    .argParser(share)
    .default(0.5);

export const rateLimitOption = () =>
  new Option(
    '--rate-limit <n>',
    "the project's CMA rate limit, in requests per 3 s (higher plans may allow more than 60)",
  )
    .argParser(positiveInteger)
    .default(60);
