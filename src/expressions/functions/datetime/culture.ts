/**
 * Culture data for .NET date/time formatting. ADF's documented outputs use en-US with the Windows (NLS)
 * patterns (`utcNow('D')` → `Sunday, April 15, 2018`), so en-US is the default; the invariant culture is kept
 * for callers that need it.
 */
export interface DateTimeCulture {
  readonly name: string;
  readonly dayNames: readonly string[];
  readonly abbreviatedDayNames: readonly string[];
  readonly monthNames: readonly string[];
  readonly abbreviatedMonthNames: readonly string[];
  readonly amDesignator: string;
  readonly pmDesignator: string;
  readonly eraName: string;
  readonly timeSeparator: string;
  readonly dateSeparator: string;
  readonly shortDatePattern: string;
  readonly longDatePattern: string;
  readonly shortTimePattern: string;
  readonly longTimePattern: string;
  readonly fullDateTimePattern: string;
  readonly monthDayPattern: string;
  readonly yearMonthPattern: string;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const ENGLISH_NAMES = {
  dayNames: DAY_NAMES,
  abbreviatedDayNames: DAY_NAMES.map((d) => d.slice(0, 3)),
  monthNames: MONTH_NAMES,
  abbreviatedMonthNames: MONTH_NAMES.map((m) => m.slice(0, 3)),
  amDesignator: 'AM',
  pmDesignator: 'PM',
  eraName: 'A.D.',
  timeSeparator: ':',
  dateSeparator: '/',
} as const;

/** en-US as on Windows/.NET Framework (NLS data): the culture of ADF's documented examples. */
export const EN_US_CULTURE: DateTimeCulture = Object.freeze({
  name: 'en-US',
  ...ENGLISH_NAMES,
  shortDatePattern: 'M/d/yyyy',
  longDatePattern: 'dddd, MMMM d, yyyy',
  shortTimePattern: 'h:mm tt',
  longTimePattern: 'h:mm:ss tt',
  fullDateTimePattern: 'dddd, MMMM d, yyyy h:mm:ss tt',
  monthDayPattern: 'MMMM d',
  yearMonthPattern: 'MMMM yyyy',
});

/** .NET `CultureInfo.InvariantCulture`. */
export const INVARIANT_CULTURE: DateTimeCulture = Object.freeze({
  name: 'invariant',
  ...ENGLISH_NAMES,
  shortDatePattern: 'MM/dd/yyyy',
  longDatePattern: 'dddd, dd MMMM yyyy',
  shortTimePattern: 'HH:mm',
  longTimePattern: 'HH:mm:ss',
  fullDateTimePattern: 'dddd, dd MMMM yyyy HH:mm:ss',
  monthDayPattern: 'MMMM dd',
  yearMonthPattern: 'yyyy MMMM',
});
