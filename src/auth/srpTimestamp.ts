// The TIMESTAMP of a PASSWORD_VERIFIER answer (cognito-srp.md §8). Cognito reads it with the Java
// pattern "EEE MMM d HH:mm:ss z yyyy" (English names, any zone) and signs the canonical rendering of
// that instant, so a zero-padded day or a wrong weekday parses but then fails the signature.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const PATTERN = /^([A-Za-z]+) ([A-Za-z]+) (\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2}) ([A-Za-z]*[+-]?[\d:]*) (\d{4})$/;

/** Java reads English names case-insensitively, short or long. */
const indexOfName = (name: string, short: string[], long: string[]): number => {
  const lower = name.toLowerCase();
  return short.findIndex((s, i) => s.toLowerCase() === lower || long[i]!.toLowerCase() === lower);
};

/** Minutes east of UTC for the zones a client may write (UTC, GMT, UT, Z, GMT+01:00, +0100), or undefined. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const match = /^(?:UTC|GMT|UT|Z)?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(zone);
  if (!match || zone === '') return undefined;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The instant a TIMESTAMP names, in epoch milliseconds, or undefined when it cannot be read. */
export function parseSrpTimestamp(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, weekday, month, day, hours, minutes, seconds, zone, year] = match;
  if (indexOfName(weekday!, WEEKDAYS, LONG_WEEKDAYS) < 0) return undefined;
  const monthIndex = indexOfName(month!, MONTHS, LONG_MONTHS);
  const offset = zoneOffsetMinutes(zone!);
  if (monthIndex < 0 || offset === undefined) return undefined;
  // Like Java's lenient calendar, out-of-range fields roll over (31 Feb is 3 March); the canonical
  // rendering then differs from what the client signed.
  const utc = Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds));
  return utc - offset * 60_000;
}

/** `ddd MMM D HH:mm:ss UTC YYYY`: English names, no leading zero on the day, 24-hour time. */
export function formatSrpTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${time} UTC ${d.getUTCFullYear()}`;
}
